// The table of built-in command groups: one line per group, one source file per group. It sits on
// top of the commands, and main hands it to the dispatcher.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

const cli::BuiltinCommands& builtin_commands();

}  // namespace agoras::host::commands
