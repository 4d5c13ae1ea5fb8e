// Everything agoras accepts, from the one set of declarations (the built-in commands, the plugins'
// platforms, actions, options and settings, the host's environment table, the exit codes), written
// as the Markdown reference (docs/reference.md) or the man page agoras(1).
#pragma once

#include "plugins/plugin_registry.hpp"

#include <string>

namespace agoras::host::commands {

std::string reference_markdown(plugins::PluginRegistry& registry);
std::string reference_man_page(plugins::PluginRegistry& registry);
// Every environment variable: the host's, the plugins' settings and the variables their options read.
std::string environment_text(plugins::PluginRegistry& registry);
std::string exit_codes_text();

}  // namespace agoras::host::commands
