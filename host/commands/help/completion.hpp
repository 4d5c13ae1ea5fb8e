// Shell completion scripts (bash, zsh through bashcompinit, fish) made from the declarations of the
// built-in commands and the installed plugins: platforms, actions, options, subcommands.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <string>

namespace agoras::host::commands {

std::string completion_script(plugins::PluginRegistry& registry, const std::string& shell);

}  // namespace agoras::host::commands
