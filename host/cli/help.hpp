// Help texts, all generated from what the plugins declared and the built-in command table.
#pragma once

#include "cli/command_context.hpp"
#include "plugins/plugin_info.hpp"
#include "plugins/plugin_registry.hpp"

#include <boost/program_options/options_description.hpp>

#include <ostream>

namespace agoras::host::cli {

void print_main_help(std::ostream& out, const boost::program_options::options_description& globals,
                     const plugins::PluginRegistry& registry, const BuiltinCommands& builtins);
void print_platform_help(std::ostream& out, const plugins::PlatformInfo& platform, const plugins::PluginInfo& plugin);
void print_action_help(std::ostream& out, const plugins::PlatformInfo& platform, const plugins::ActionInfo& action);

}  // namespace agoras::host::cli
