// The command boundary: argv in, exit code out. Every exception ends here as a message on stderr
// and a documented exit code.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::cli {

// `builtins`: the built-in command groups (commands/builtin_commands.hpp).
int run(int argc, char** argv, const BuiltinCommands& builtins);

}  // namespace agoras::host::cli
