#include "commands/config/config_command.hpp"

#include "output/result_output.hpp"

#include <agoras/json.hpp>

#include "config/config_file.hpp"
#include "status_error.hpp"

#include <iostream>

namespace agoras::host::commands {
namespace {

constexpr const char* kUsage =
    "Usage: agoras config list [--json] | get KEY | set KEY VALUE\n\n"
    "The configuration file, $XDG_CONFIG_HOME/agoras/config.toml (default ~/.config/agoras/config.toml). Keys:\n"
    "  groups.NAME                  targets of `agoras post --to @NAME`, comma-separated\n"
    "  defaults.PLATFORM.OPTION     a default for an option of the platform's actions (after the command line\n"
    "                               and the environment, before the plugin's own default)\n";

// A default for a secret option would sit in clear in a world-readable file and be printed by
// `config list`: refused, naming where secrets go.
void refuse_secret_default(cli::CommandContext& context, const std::string& key) {
    if (key.rfind("defaults.", 0) != 0) return;
    const auto dot = key.find('.', 9);
    if (dot == std::string::npos) return;
    const std::string platform = key.substr(9, dot - 9), option = key.substr(dot + 1);
    const auto entry = context.registry.find_platform(platform);
    if (!entry) return;
    for (const auto& action : entry->platform->actions) {
        for (const auto& declared : action.options) {
            if (declared.name != option || !declared.secret) continue;
            throw usage_error("--" + option + " of " + platform + " is a secret, and secrets do not belong in the "
                              "configuration file: keep it in the vault (agoras " + platform + " authorize)" +
                              (declared.env_var ? " or in " + *declared.env_var : std::string()));
        }
    }
}

}  // namespace

int run_config_command(cli::CommandContext& context) {
    const auto& args = context.args;
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    const std::string& command = args[0];
    if (command == "list" && (args.size() == 1 || (args.size() == 2 && args[1] == "--json"))) {
        if (args.size() == 2) output::set_format(output::Format::json);
        if (output::json_requested()) {
            for (const auto& [key, value] : config::list()) output::emit_result(Json::object().set("key", key).set("value", value).serialize());
            return 0;
        }
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
        refuse_secret_default(context, args[1]);
        config::set(args[1], args[2]);
        return 0;
    }
    throw usage_error("unknown or incomplete config command (try 'agoras config --help')");
}

}  // namespace agoras::host::commands
