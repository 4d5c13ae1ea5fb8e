// What every command handler gets: its arguments and the process's plugin registry.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <string>
#include <vector>

namespace agoras::host::cli {

struct CommandContext {
    plugins::PluginRegistry& registry;
    std::vector<std::string> args;  // the tokens after the command word
};

// A built-in command group (`plugins`, `utils`); the table is commands/builtin_commands.cpp's, which
// main hands to the dispatcher (cli::run), so that cli/ includes nothing of commands/.
struct BuiltinCommand {
    const char* name;
    const char* summary;
    int (*run)(CommandContext& context);
    bool handles_secrets;  // core dumps are forbidden before it runs (cli/core_dumps.hpp)
};

using BuiltinCommands = std::vector<BuiltinCommand>;

}  // namespace agoras::host::cli
