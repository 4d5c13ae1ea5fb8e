// Host-side copies of what a plugin declared. Everything is copied out of the plugin's C structures
// once, at load time, so no host object ever points into plugin memory.
#pragma once

#include <agoras/plugin_abi.h>

#include <cstdint>
#include <optional>
#include <string>
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
};

struct ActionInfo {
    std::string name;
    std::string help;
    std::vector<OptionInfo> options;
};

struct PlatformInfo {
    std::string name;
    std::string help;
    std::vector<ActionInfo> actions;

    const ActionInfo* find_action(const std::string& action) const {
        for (const auto& a : actions) {
            if (a.name == action) return &a;
        }
        return nullptr;
    }
};

struct PluginInfo {
    std::string id;
    std::string name;
    std::string version;
    std::string description;
    uint32_t abi_major = 0;
    uint32_t abi_minor = 0;
    std::vector<PlatformInfo> platforms;
};

// Copies and validates a descriptor whose ABI version was already accepted. Throws
// std::invalid_argument naming the first problem (a missing name, an invalid option name …).
PluginInfo read_declarations(const agoras_plugin_descriptor& descriptor);

}  // namespace agoras::host::plugins
