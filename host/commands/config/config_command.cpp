#include "commands/config/config_command.hpp"

#include "cli/action_options.hpp"
#include "cli/examples.hpp"

#include "output/result_output.hpp"

#include <agoras/json.hpp>

#include "cli/suggest.hpp"
#include "config/config_file.hpp"
#include "status_error.hpp"

#include <iostream>

namespace agoras::host::commands {
namespace {

constexpr const char* kUsage =
    "Usage: agoras config list [--json] | get KEY | set KEY VALUE | unset KEY\n\n"
    "The configuration file, $XDG_CONFIG_HOME/agoras/config.toml (default ~/.config/agoras/config.toml). Keys:\n"
    "  groups.NAME                  targets of `agoras post --to @NAME`, comma-separated\n"
    "  defaults.PLATFORM.OPTION     a default for an option of the platform's actions (after the command line\n"
    "                               and the environment, before the plugin's own default)\n";

// The platform a key or target names, or a usage error with a suggestion (an older name is refused:
// settings are read under the platform's own name).
const plugins::PlatformInfo& platform_named(cli::CommandContext& context, const std::string& platform, const std::string& where) {
    const auto entry = context.registry.find_platform(platform);
    if (entry && entry->platform().name == platform) return entry->platform();
    if (entry) throw usage_error(where + ": '" + platform + "' is an older name of '" + entry->platform().name + "': use that");
    throw usage_error(where + ": no installed plugin provides platform '" + platform + "'" +
                      cli::did_you_mean(platform, context.registry.platform_names()));
}

// What `config set` may write: a default for an option some action of the platform declares (not a
// secret, which would sit in clear in the file and be printed by `config list`; of the option's kind),
// or a group of installed platforms. A typo is caught here, not later as an option nobody typed.
void check_setting(cli::CommandContext& context, const std::string& key, const std::string& value) {
    if (key.rfind("groups.", 0) == 0) {
        for (std::size_t start = 0; start <= value.size();) {
            const auto comma = std::min(value.find(',', start), value.size());
            const std::string target = value.substr(start, comma - start);
            start = comma + 1;
            if (target.empty() || target[0] == '@') continue;
            platform_named(context, target.substr(0, target.find(':')), "target " + target);
        }
        return;
    }
    if (key.rfind("defaults.", 0) != 0) return;
    const auto dot = key.find('.', 9);
    if (dot == std::string::npos) return;
    const std::string platform = key.substr(9, dot - 9), option = key.substr(dot + 1);
    const auto& declared = platform_named(context, platform, key);
    std::vector<std::string> names;
    const plugins::OptionInfo* found = nullptr;
    for (const auto& action : declared.actions) {
        for (const auto& o : action.options) {
            names.push_back(o.name);
            // The same option on several actions: a secret declaration (with its variable) wins.
            if (o.name == option && (found == nullptr || (o.secret && (!found->secret || !found->env_var)))) found = &o;
        }
    }
    if (found == nullptr) {
        throw usage_error(key + ": " + platform + " has no option --" + option + cli::did_you_mean(option, names) +
                          " (see 'agoras " + platform + " <action> --help')");
    }
    if (found->secret) {
        throw usage_error("--" + option + " of " + platform + " is a secret, and secrets do not belong in the "
                          "configuration file: keep it in the vault (agoras " + platform + " authorize)" +
                          (found->env_var ? " or in " + *found->env_var : std::string()));
    }
    if (found->type == AGORAS_OPTION_INTEGER && (value.empty() || value.find_first_not_of("-0123456789") != std::string::npos)) {
        throw usage_error(key + ": --" + option + " takes a whole number, not '" + value + "'");
    }
    if (const std::string refusal = cli::choice_refusal(*found, value); !refusal.empty()) throw usage_error(key + ": " + refusal);
    if (found->type == AGORAS_OPTION_FLAG && value != "true" && value != "false") {
        throw usage_error(key + ": --" + option + " is a switch: true or false, not '" + value + "'");
    }
}

}  // namespace

int run_config_command(cli::CommandContext& context) {
    const auto& args = context.args;
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        if (!args.empty()) cli::print_examples(std::cout, cli::command_examples("config"));
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    const std::string& command = args[0];
    if (command == "list" || command == "get") output::results_are_read_only();
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
        check_setting(context, args[1], args[2]);
        config::set(args[1], args[2]);
        return 0;
    }
    if (command == "unset" && args.size() == 2) {
        if (config::unset(args[1])) return 0;
        std::cerr << "agoras: " << args[1] << " is not set\n";
        return AGORAS_ERR_GENERIC;
    }
    throw usage_error("unknown or incomplete config command (try 'agoras config --help')");
}

}  // namespace agoras::host::commands
