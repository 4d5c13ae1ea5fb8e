// The agoras-sandbox server skeleton: a loopback HTTP listener that decodes each request once and
// hands it to the first module that owns it (modules with a path prefix first, the root module last).
#pragma once

#include "module.hpp"

#include <memory>
#include <vector>

namespace agoras::sandbox {

// Serves every module of module_table() on http://127.0.0.1:`port` (0: a free port below the
// ephemeral range) until SIGINT or SIGTERM. Prints one JSON line on stdout: the URL, the Threads app,
// and "environment", the variables that point agoras at the modules. Returns the process exit code.
int serve(const SandboxOptions& options, int port);

}  // namespace agoras::sandbox
