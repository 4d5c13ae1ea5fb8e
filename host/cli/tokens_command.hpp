// `agoras utils tokens list|show|delete|unattended-format|import-legacy`: the vault from the command
// line, with the Python original's output formats (see docs/tokens.md).
#pragma once

#include <string>
#include <vector>

namespace agoras::host::cli {

// Runs `agoras utils <args>`; returns the exit code, throws StatusError on failure.
int run_utils_command(const std::vector<std::string>& args);

}  // namespace agoras::host::cli
