// The table of built-in command groups: one line per group, one source file per group.
#include "cli/command_context.hpp"
#include "cli/plugins_command.hpp"
#include "services/backend_loader.hpp"

namespace agoras::host::cli {
namespace {

// `agoras utils …` lives in the services library with the vault it manages.
int run_utils(CommandContext& context) {
    services::Outcome failure;
    const int exit_code = services::backend().run_utils_command(context.args, failure);
    services::check(failure);
    return exit_code;
}

}  // namespace

const std::vector<BuiltinCommand>& builtin_commands() {
    static const std::vector<BuiltinCommand> commands = {
        {"plugins", "inspect the plugins agoras finds (plugins list)", &run_plugins_command, false},
        {"utils", "utilities: the token vault (utils tokens list|show|delete|unattended-format|import-legacy)",
         &run_utils, true},
    };
    return commands;
}

}  // namespace agoras::host::cli
