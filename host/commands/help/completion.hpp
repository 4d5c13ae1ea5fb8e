// Shell completion scripts (bash, zsh through bashcompinit, fish) made from the declarations of the
// built-in commands and the installed plugins: platforms, actions, options, subcommands.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <string>
#include <vector>

namespace agoras::host::commands {

std::string completion_script(plugins::PluginRegistry& registry, const std::string& shell);

// What may follow --to: every platform, PLATFORM:ACCOUNT for the vault's accounts, and @GROUP for the
// configuration's groups (`agoras completion targets`, which the scripts run when the user presses Tab).
std::vector<std::string> completion_targets(plugins::PluginRegistry& registry);

}  // namespace agoras::host::commands
