#include "commands/builtin_commands.hpp"

#include "commands/auth/auth_command.hpp"
#include "commands/config/config_command.hpp"
#include "commands/help/help_command.hpp"
#include "commands/journal/journal_command.hpp"
#include "commands/mcp/mcp_command.hpp"
#include "commands/plugins/plugins_command.hpp"
#include "commands/post/post_command.hpp"
#include "commands/utils/utils_command.hpp"

namespace agoras::host::commands {

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
        {"help", "help topics: environment, exit-codes, reference, man (help <topic>)", &run_help_command, false},
        {"completion", "a shell completion script (completion bash|zsh|fish)", &run_completion_command, false},
    };
    return commands;
}

}  // namespace agoras::host::commands
