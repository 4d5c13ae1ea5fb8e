// The agoras-sandbox server skeleton: a loopback HTTP listener that decodes each request once and
// hands it to the first module that owns it (modules with a path prefix first, the root module last).
#pragma once

#include "module.hpp"

#include <memory>
#include <vector>

namespace agoras::sandbox {

// Serves `modules` on http://127.0.0.1:`port` (0: a free port below the ephemeral range) until SIGINT
// or SIGTERM; prints one JSON line with the URL on stdout. Returns the process exit code.
int serve(std::vector<std::unique_ptr<Module>> modules, int port, const std::string& banner_json,
          const std::string& instructions);

}  // namespace agoras::sandbox
