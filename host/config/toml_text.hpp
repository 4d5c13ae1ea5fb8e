// config.toml edited as text, so that `config set` and `config unset` keep the user's comments, order
// and layout (toml++ writes a table out without them). Each edit is proved before it is used: its result
// is parsed and compared with the table the change should give. When no edit of the text gives that
// table (a key inside an inline table, say), these answer nullopt and the caller writes the table whole.
#pragma once

#include "config/toml.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agoras::host::config {

// `text` (which parsed as `parsed`) with the key at `path` given `value`: the old value replaced where it
// stands, or a new line in the key's table (or a new table at the end).
std::optional<std::string> text_with_value(std::string_view text, const toml::table& parsed,
                                           const std::vector<std::string>& path, const toml::node& value,
                                           const toml::table& expected);

// `text` without the line(s) of the key at `path`. A table left empty keeps its header (and its comments).
std::optional<std::string> text_without_key(std::string_view text, const toml::table& parsed,
                                            const std::vector<std::string>& path, const toml::table& expected);

}  // namespace agoras::host::config
