// Host-side copies of what a plugin declared. Everything is copied out of the plugin's C structures
// once, at load time, so no host object ever points into plugin memory.
#pragma once

#include <agoras/agoras.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace agoras::host::plugins {

struct OptionInfo {
    std::string name;
    agoras_option_type type = AGORAS_OPTION_STRING;
    bool required = false;
    std::optional<std::string> default_value;
    std::optional<std::string> env_var;
    std::string help;
    bool secret = false;
    std::uint32_t numbered_aliases = 0;  // list options: --<name>-1 ... --<name>-N (since 1.1)
    bool text = false;                   // free text: "-" and --<name>-file (since 1.1)
    std::vector<std::string> choices{};  // the only values it takes; empty: any (appended after 1.1)
};

struct ActionInfo {
    std::string name;
    std::string help;
    std::vector<OptionInfo> options;

    const OptionInfo* find_option(const std::string& option) const {
        for (const auto& o : options) {
            if (o.name == option) return &o;
        }
        return nullptr;
    }
};

struct PlatformInfo {
    std::string name;
    std::string help;
    std::vector<ActionInfo> actions;
    std::vector<std::string> aliases;  // older names, deprecated (since 1.1's appended fields)

    const ActionInfo* find_action(const std::string& action) const {
        for (const auto& a : actions) {
            if (a.name == action) return &a;
        }
        return nullptr;
    }
};

// agoras.publish/1 declarations (since 1.1), copied.
struct MediaLimitsInfo {
    agoras_media_kind kind = AGORAS_MEDIA_IMAGE;
    std::vector<std::string> mime_types;
    std::uint64_t max_bytes = 0;
    std::uint32_t max_width = 0, max_height = 0, min_duration_s = 0, max_duration_s = 0, max_per_post = 0;
    agoras_media_transfer transfer = AGORAS_TRANSFER_UPLOAD_BYTES;
};

struct CapabilitiesInfo {
    std::string platform;
    std::uint32_t text_limit = 0;
    agoras_text_counting text_counting = AGORAS_COUNT_CODE_POINTS;
    std::uint32_t url_length = 0, max_media = 0, alt_text_limit = 0;
    std::vector<MediaLimitsInfo> media;
    bool link_card = false, requires_media = false, mixed_media = false;
};

// agoras.declarations/1 (since 1.1), copied.
struct SettingInfo {
    std::string env_var, help;
    std::optional<std::string> default_value;
};

struct CredentialExportInfo {
    std::string platform, title;
    std::vector<std::pair<std::string, std::string>> fields;  // vault field, environment variable
    std::optional<std::set<std::string>> secret_fields;      // unset: the plugin does not say (1.0 rule)
};

struct PluginInfo {
    std::string id;
    std::string name;
    std::string version;
    std::string description;
    uint32_t abi_major = 0;
    uint32_t abi_minor = 0;
    std::vector<PlatformInfo> platforms;
    std::vector<CapabilitiesInfo> capabilities;  // platforms that publish typed posts
    std::vector<SettingInfo> settings;
    std::vector<CredentialExportInfo> credentials;

    bool provides(const std::string& platform) const {
        for (const auto& p : platforms) {
            if (p.name == platform) return true;
        }
        return false;
    }
    // The vault fields of `platform` and the variables an unattended run reads them from (its exports).
    std::vector<std::pair<std::string, std::string>> credential_fields(const std::string& platform) const {
        std::vector<std::pair<std::string, std::string>> fields;
        for (const auto& c : credentials) {
            if (c.platform == platform) fields.insert(fields.end(), c.fields.begin(), c.fields.end());
        }
        return fields;
    }
    // The vault fields of `platform` the plugin declares secret (empty when it does not say).
    std::set<std::string> secret_fields(const std::string& platform) const {
        std::set<std::string> names;
        for (const auto& c : credentials) {
            if (c.platform == platform && c.secret_fields) names.insert(c.secret_fields->begin(), c.secret_fields->end());
        }
        return names;
    }
    const CapabilitiesInfo* capabilities_of(const std::string& platform) const {
        for (const auto& c : capabilities) {
            if (c.platform == platform) return &c;
        }
        return nullptr;
    }
};

// Copies and validates a descriptor whose ABI version was already accepted. Throws
// std::invalid_argument naming the first problem (a missing name, an invalid option name …).
PluginInfo read_declarations(const agoras_plugin_descriptor& descriptor);

}  // namespace agoras::host::plugins
