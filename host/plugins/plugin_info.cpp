#include "plugins/plugin_info.hpp"

#include <algorithm>

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
    if (option.name == "help" || option.name == "loglevel") {
        throw std::invalid_argument("option --" + option.name + " of " + where + " is reserved");
    }
    if (decl->type < AGORAS_OPTION_STRING || decl->type > AGORAS_OPTION_LIST) {
        throw std::invalid_argument("option --" + option.name + " of " + where + " has an unknown type");
    }
    option.type = static_cast<agoras_option_type>(decl->type);
    option.required = decl->required != 0;
    if (decl->default_value != nullptr) option.default_value = decl->default_value;
    if (decl->env_var != nullptr && *decl->env_var != '\0') option.env_var = decl->env_var;
    option.help = optional_text(decl->help);
    option.secret = decl->secret != 0;
    if (AGORAS_HAS_FIELD(decl, agoras_option_decl, text)) {
        option.numbered_aliases = decl->numbered_aliases;
        option.text = decl->text != 0 && option.type != AGORAS_OPTION_FLAG && option.type != AGORAS_OPTION_INTEGER;
        if (option.numbered_aliases > 100) throw std::invalid_argument("option --" + option.name + " has over 100 numbered forms");
    }
    if (AGORAS_HAS_FIELD(decl, agoras_option_decl, choice_count) && decl->choice_count > 0) {
        if (decl->choices == nullptr || decl->choice_count > 64 || option.type == AGORAS_OPTION_FLAG) {
            throw std::invalid_argument("option --" + option.name + " of " + where + " has a malformed choice table");
        }
        for (uint32_t i = 0; i < decl->choice_count; ++i) {
            option.choices.push_back(required_text(decl->choices[i], "a choice of --" + option.name));
        }
        if (option.default_value && std::find(option.choices.begin(), option.choices.end(), *option.default_value) ==
                                        option.choices.end()) {
            throw std::invalid_argument("option --" + option.name + " of " + where + " defaults to a value it does not take");
        }
    }
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
    const auto claim = [&](const std::string& name) {
        if (!names.insert(name).second) throw std::invalid_argument(where + " declares --" + name + " twice");
    };
    for (uint32_t i = 0; i < decl->option_count; ++i) {
        action.options.push_back(read_option(decl->options[i], where));
        const OptionInfo& option = action.options.back();
        claim(option.name);
        // The names the host derives from an option are taken too.
        if (option.text) claim(option.name + "-file");
        for (uint32_t n = 1; n <= option.numbered_aliases; ++n) claim(option.name + "-" + std::to_string(n));
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
    if (AGORAS_HAS_FIELD(decl, agoras_platform_decl, alias_count) && decl->alias_count > 0) {
        if (decl->aliases == nullptr || decl->alias_count > 8) {
            throw std::invalid_argument("platform " + platform.name + " has a malformed alias table");
        }
        for (uint32_t i = 0; i < decl->alias_count; ++i) {
            platform.aliases.push_back(required_text(decl->aliases[i], "an alias of " + platform.name));
            check_word(platform.aliases.back(), "platform alias");
        }
    }
    return platform;
}

std::vector<std::string> strings(const char* const* items, uint32_t count) {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < count && items != nullptr; ++i) out.push_back(optional_text(items[i]));
    return out;
}

void read_publish(const agoras_publish_v1* ext, PluginInfo& info) {
    if (!AGORAS_HAS_FIELD(ext, agoras_publish_v1, publish) || ext->validate == nullptr || ext->publish == nullptr) {
        throw std::invalid_argument("its agoras.publish/1 extension is malformed");
    }
    for (uint32_t i = 0; i < ext->capability_count; ++i) {
        const agoras_publish_capabilities* c = ext->capabilities[i];
        if (c == nullptr || !AGORAS_HAS_FIELD(c, agoras_publish_capabilities, mixed_media)) {
            throw std::invalid_argument("a publishing capability is malformed");
        }
        CapabilitiesInfo caps;
        caps.platform = required_text(c->platform, "the platform of a publishing capability");
        if (!info.provides(caps.platform)) {
            throw std::invalid_argument("publishing capabilities for an undeclared platform '" + caps.platform + "'");
        }
        caps.text_limit = c->text_limit;
        caps.text_counting = static_cast<agoras_text_counting>(c->text_counting);
        caps.url_length = c->url_length;
        caps.max_media = c->max_media;
        caps.alt_text_limit = c->alt_text_limit;
        caps.link_card = c->link_card != 0;
        caps.requires_media = c->requires_media != 0;
        caps.mixed_media = c->mixed_media != 0;
        for (uint32_t m = 0; m < c->media_count; ++m) {
            const agoras_media_limits* l = c->media[m];
            if (l == nullptr || !AGORAS_HAS_FIELD(l, agoras_media_limits, transfer)) {
                throw std::invalid_argument("media limits of " + caps.platform + " are malformed");
            }
            caps.media.push_back({static_cast<agoras_media_kind>(l->kind), strings(l->mime_types, l->mime_type_count),
                                  l->max_bytes, l->max_width, l->max_height, l->min_duration_s, l->max_duration_s,
                                  l->max_per_post, static_cast<agoras_media_transfer>(l->transfer)});
        }
        info.capabilities.push_back(std::move(caps));
    }
}

void read_other_declarations(const agoras_declarations_v1* ext, PluginInfo& info) {
    if (!AGORAS_HAS_FIELD(ext, agoras_declarations_v1, credential_count)) {
        throw std::invalid_argument("its agoras.declarations/1 extension is malformed");
    }
    for (uint32_t i = 0; i < ext->setting_count; ++i) {
        const agoras_setting_decl* s = ext->settings[i];
        if (s == nullptr) throw std::invalid_argument("a setting declaration is malformed");
        SettingInfo setting{required_text(s->env_var, "a setting's variable"), optional_text(s->help), std::nullopt};
        if (s->default_value != nullptr) setting.default_value = s->default_value;
        info.settings.push_back(std::move(setting));
    }
    for (uint32_t i = 0; i < ext->credential_count; ++i) {
        const agoras_credential_export* c = ext->credentials[i];
        if (c == nullptr) throw std::invalid_argument("a credential export is malformed");
        CredentialExportInfo exported{required_text(c->platform, "a credential export's platform"),
                                      optional_text(c->title), {}, std::nullopt};
        for (uint32_t f = 0; f < c->field_count; ++f) {
            const agoras_credential_field* field = c->fields[f];
            if (field == nullptr) throw std::invalid_argument("a credential field is malformed");
            exported.fields.emplace_back(required_text(field->field, "a credential field"),
                                         required_text(field->env_var, "a credential variable"));
        }
        if (AGORAS_HAS_FIELD(c, agoras_credential_export, secret_field_count)) {
            exported.secret_fields.emplace();
            for (uint32_t f = 0; f < c->secret_field_count; ++f) {
                exported.secret_fields->insert(required_text(c->secret_fields[f], "a secret field's name"));
            }
        }
        info.credentials.push_back(std::move(exported));
    }
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
    // Since 1.1: declarations behind the plugin's extensions, read without initialising it.
    const agoras_plugin_descriptor* d = &descriptor;
    if (descriptor.abi_minor >= 1 && AGORAS_HAS_FIELD(d, agoras_plugin_descriptor, get_extension) &&
        descriptor.get_extension != nullptr) {
        if (const void* ext = descriptor.get_extension(AGORAS_EXT_PUBLISH_V1)) {
            read_publish(static_cast<const agoras_publish_v1*>(ext), info);
        }
        if (const void* ext = descriptor.get_extension(AGORAS_EXT_DECLARATIONS_V1)) {
            read_other_declarations(static_cast<const agoras_declarations_v1*>(ext), info);
        }
    }
    return info;
}

}  // namespace agoras::host::plugins
