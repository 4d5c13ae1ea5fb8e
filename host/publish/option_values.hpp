// What the publishing commands (post, utils feed-publish, utils schedule-run) declare and read alike:
// options made like a plugin's (so that the host's parser, help and environment fallbacks serve them),
// their values, and comma-separated target lists.
#pragma once

#include "plugins/loaded_plugin.hpp"

#include <optional>
#include <string>
#include <vector>

namespace agoras::host::publish {

// `env` and `fallback` empty: none.
plugins::OptionInfo make_option(std::string name, agoras_option_type type, std::string help, std::string env = {},
                                std::string fallback = {});

std::optional<std::string> value_of(const plugins::OptionValues& values, const std::string& name);
std::vector<std::string> values_of(const plugins::OptionValues& values, const std::string& name);

// Every item of `items`, commas split, empty pieces dropped ("a,b", "c" -> a, b, c).
std::vector<std::string> split_commas(const std::vector<std::string>& items);

// Every --network, commas split: P or P:ACCOUNT. Throws a usage error when there is none.
std::vector<std::string> networks_of(const plugins::OptionValues& values);

}  // namespace agoras::host::publish
