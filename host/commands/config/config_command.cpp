#include "commands/config/config_command.hpp"

#include "config/config_file.hpp"
#include "status_error.hpp"

#include <iostream>

namespace agoras::host::commands {
namespace {

constexpr const char* kUsage =
    "Usage: agoras config list | get KEY | set KEY VALUE\n\n"
    "The configuration file, $XDG_CONFIG_HOME/agoras/config.toml (default ~/.config/agoras/config.toml). Keys:\n"
    "  groups.NAME                  targets of `agoras post --to @NAME`, comma-separated\n"
    "  defaults.PLATFORM.OPTION     a default for an option of the platform's actions (after the command line\n"
    "                               and the environment, before the plugin's own default)\n";

}  // namespace

int run_config_command(cli::CommandContext& context) {
    const auto& args = context.args;
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    const std::string& command = args[0];
    if (command == "list" && args.size() == 1) {
        std::cout << "# " << config::config_file().string() << "\n";
        for (const auto& [key, value] : config::list()) std::cout << key << "=" << value << "\n";
        return 0;
    }
    if (command == "get" && args.size() == 2) {
        const auto value = config::get(args[1]);
        if (!value) {
            std::cerr << "agoras: " << args[1] << " is not set\n";
            return AGORAS_ERR_GENERIC;
        }
        std::cout << *value << "\n";
        return 0;
    }
    if (command == "set" && args.size() == 3) {
        config::set(args[1], args[2]);
        return 0;
    }
    throw usage_error("unknown or incomplete config command (try 'agoras config --help')");
}

}  // namespace agoras::host::commands
