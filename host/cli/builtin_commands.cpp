// The table of built-in command groups: one line per group, one source file per group.
#include "cli/command_context.hpp"
#include "cli/plugins_command.hpp"
#include "cli/tokens_command.hpp"

namespace agoras::host::cli {

const std::vector<BuiltinCommand>& builtin_commands() {
    static const std::vector<BuiltinCommand> commands = {
        {"plugins", "inspect the plugins agoras finds (plugins list)", &run_plugins_command},
        {"utils", "utilities: the token vault (utils tokens list|show|delete|unattended-format|import-legacy)",
         &run_utils_command},
    };
    return commands;
}

}  // namespace agoras::host::cli
