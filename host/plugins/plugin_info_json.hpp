// A plugin's declarations (PluginInfo) as JSON and back: the form the declaration cache keeps.
#pragma once

#include "plugins/plugin_info.hpp"

#include <agoras/json.hpp>

namespace agoras::host::plugins {

Json declarations_to_json(const PluginInfo& info);

// Throws std::invalid_argument when the JSON is not what declarations_to_json writes (a damaged cache).
PluginInfo declarations_from_json(const Json& json);

}  // namespace agoras::host::plugins
