// Turns the tokens after `<platform> <action>` into option values, from the action's declaration:
// argv first, then the declared environment variable, then the declared default. Strict: no guessed
// abbreviations, no unknown options, no stray arguments, every required option present.
#pragma once

#include "plugins/loaded_plugin.hpp"
#include "plugins/plugin_info.hpp"

#include <boost/program_options/options_description.hpp>

#include <map>
#include <string>
#include <vector>

namespace agoras::host::cli {

struct ParsedAction {
    bool help = false;
    plugins::OptionValues values;
};

// Option defaults from the configuration file, by option name (config/config_file.hpp).
using ConfiguredDefaults = std::map<std::string, std::string>;

// Throws StatusError(AGORAS_ERR_USAGE) naming the offending option. Registers secret values for redaction.
// A value comes from the command line, else the environment, else `configured`, else the declared default.
ParsedAction parse_action_options(const plugins::ActionInfo& action, const std::vector<std::string>& tokens,
                                  const ConfiguredDefaults& configured = {});

// The options of `action` for help output (annotated with required, environment variable, default).
boost::program_options::options_description describe_action(const plugins::ActionInfo& action);

// Why `value` is not one of the option's declared choices ("" when it is, or when it declares none).
std::string choice_refusal(const plugins::OptionInfo& option, const std::string& value);

// Whether the action takes --edit: its text is --text (a text option), and it has no option named edit.
bool offers_edit(const plugins::ActionInfo& action);

}  // namespace agoras::host::cli
