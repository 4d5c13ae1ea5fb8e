#include "commands/builtin_commands.hpp"

#include "commands/auth/auth_command.hpp"
#include "commands/config/config_command.hpp"
#include "commands/help/help_command.hpp"
#include "commands/journal/journal_command.hpp"
#include "commands/mcp/mcp_command.hpp"
#include "commands/plugins/plugins_command.hpp"
#include "commands/post/post_command.hpp"
#include "commands/utils/utils_command.hpp"
#include "status_error.hpp"

#include <iostream>

namespace agoras::host::commands {
namespace {

// `agoras version`: what --version prints, for users of gh and git, where both work.
int run_version_command(cli::CommandContext& context) {
    if (!context.args.empty() && (context.args[0] == "-h" || context.args[0] == "--help")) {
        std::cout << "Usage: agoras version\n\nPrints the version, as agoras --version does.\n";
        return 0;
    }
    if (!context.args.empty()) throw usage_error("agoras version takes no arguments");
    std::cout << "agoras " AGORAS_VERSION "\n";
    return 0;
}

}  // namespace

const cli::BuiltinCommands& builtin_commands() {
    static const cli::BuiltinCommands commands = {
        {"post", "publish one post to several platforms at once (post --to P1,P2 --text T)", &run_post_command,
         true},
        {"journal", "what was published where under each key; settle an unknown outcome (journal list|show|resolve)",
         &run_journal_command, false},
        {"mcp", "a Model Context Protocol server for AI assistants (mcp [--allow-publish])", &run_mcp_command, true},
        {"config", "the configuration file: target groups, option defaults (config list|get|set)",
         &run_config_command, false},
        {"plugins", "inspect the plugins agoras finds (plugins list)", &run_plugins_command, false},
        {"utils", "utilities: the token vault (utils tokens ...), media limits, feed-publish, schedule-run",
         &run_utils_command, true},
        {"auth", "which accounts are set up, and whether their credentials are healthy (auth status [--check])",
         &run_auth_command, true},
        {"version", "the version (as --version)", &run_version_command, false},
        {"help", "help topics: environment, exit-codes, reference, man (help <topic>)", &run_help_command, false},
        {"completion", "a shell completion script (completion bash|zsh|fish)", &run_completion_command, false},
    };
    return commands;
}

}  // namespace agoras::host::commands
