#include "plugins/plugin_info.hpp"

#include <cstddef>
#include <set>
#include <stdexcept>

namespace agoras::host::plugins {
namespace {

std::string required_text(const char* value, const std::string& what) {
    if (value == nullptr || *value == '\0') throw std::invalid_argument(what + " is missing");
    return value;
}

std::string optional_text(const char* value) { return value != nullptr ? value : ""; }

// Command-line words and option names: lower-case letters, digits and inner dashes or underscores.
void check_word(const std::string& word, const std::string& what) {
    bool ok = !word.empty() && word.size() <= 64 && word.front() != '-' && word.back() != '-';
    for (char c : word) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    if (!ok) throw std::invalid_argument(what + " '" + word + "' is not a valid command-line word");
}

OptionInfo read_option(const agoras_option_decl* decl, const std::string& where) {
    if (decl == nullptr || !AGORAS_HAS_FIELD(decl, agoras_option_decl, secret)) {
        throw std::invalid_argument("an option of " + where + " is malformed");
    }
    OptionInfo option;
    option.name = required_text(decl->name, "an option name of " + where);
    check_word(option.name, "option");
    if (option.name == "help") throw std::invalid_argument("option --help of " + where + " is reserved");
    if (decl->type < AGORAS_OPTION_STRING || decl->type > AGORAS_OPTION_FLAG) {
        throw std::invalid_argument("option --" + option.name + " of " + where + " has an unknown type");
    }
    option.type = static_cast<agoras_option_type>(decl->type);
    option.required = decl->required != 0;
    if (decl->default_value != nullptr) option.default_value = decl->default_value;
    if (decl->env_var != nullptr && *decl->env_var != '\0') option.env_var = decl->env_var;
    option.help = optional_text(decl->help);
    option.secret = decl->secret != 0;
    return option;
}

ActionInfo read_action(const agoras_action_decl* decl, const std::string& platform) {
    if (decl == nullptr || !AGORAS_HAS_FIELD(decl, agoras_action_decl, option_count)) {
        throw std::invalid_argument("an action of platform " + platform + " is malformed");
    }
    ActionInfo action;
    action.name = required_text(decl->name, "an action name of platform " + platform);
    check_word(action.name, "action");
    action.help = optional_text(decl->help);
    const std::string where = platform + " " + action.name;
    if (decl->option_count > 0 && decl->options == nullptr) throw std::invalid_argument(where + " has no option table");
    std::set<std::string> names;
    for (uint32_t i = 0; i < decl->option_count; ++i) {
        action.options.push_back(read_option(decl->options[i], where));
        if (!names.insert(action.options.back().name).second) {
            throw std::invalid_argument(where + " declares --" + action.options.back().name + " twice");
        }
    }
    return action;
}

PlatformInfo read_platform(const agoras_platform_decl* decl) {
    if (decl == nullptr || !AGORAS_HAS_FIELD(decl, agoras_platform_decl, action_count)) {
        throw std::invalid_argument("a platform declaration is malformed");
    }
    PlatformInfo platform;
    platform.name = required_text(decl->name, "a platform name");
    check_word(platform.name, "platform");
    platform.help = optional_text(decl->help);
    if (decl->action_count > 0 && decl->actions == nullptr) {
        throw std::invalid_argument("platform " + platform.name + " has no action table");
    }
    for (uint32_t i = 0; i < decl->action_count; ++i) {
        platform.actions.push_back(read_action(decl->actions[i], platform.name));
        if (platform.find_action(platform.actions.back().name) != &platform.actions.back()) {
            throw std::invalid_argument("platform " + platform.name + " declares " + platform.actions.back().name +
                                        " twice");
        }
    }
    return platform;
}

}  // namespace

PluginInfo read_declarations(const agoras_plugin_descriptor& descriptor) {
    if (descriptor.struct_size < offsetof(agoras_plugin_descriptor, shutdown) + sizeof(descriptor.shutdown)) {
        throw std::invalid_argument("the plugin descriptor is too small for ABI 1.0");
    }
    PluginInfo info;
    info.abi_major = descriptor.abi_major;
    info.abi_minor = descriptor.abi_minor;
    info.id = required_text(descriptor.id, "the plugin id");
    check_word(info.id, "plugin id");
    info.name = optional_text(descriptor.name);
    info.version = optional_text(descriptor.version);
    info.description = optional_text(descriptor.description);
    if (descriptor.init == nullptr || descriptor.run == nullptr || descriptor.shutdown == nullptr) {
        throw std::invalid_argument("the plugin descriptor lacks init, run or shutdown");
    }
    if (descriptor.platform_count > 0 && descriptor.platforms == nullptr) {
        throw std::invalid_argument("the plugin has no platform table");
    }
    for (uint32_t i = 0; i < descriptor.platform_count; ++i) {
        info.platforms.push_back(read_platform(descriptor.platforms[i]));
    }
    return info;
}

}  // namespace agoras::host::plugins
