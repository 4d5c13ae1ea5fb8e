// The user's configuration: $XDG_CONFIG_HOME/agoras/config.toml (default ~/.config/agoras/config.toml),
// TOML read with toml++. It holds target groups for `agoras post --to @NAME` and per-platform option
// defaults, which come after the command line and the environment, before the declared default:
//
//   [groups]
//   release = ["threads", "mastodon:me@example.social"]
//
//   [defaults.threads]
//   reply-control = "accounts_you_follow"
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::config {

std::filesystem::path config_file();

// The parsed file; empty when it does not exist. Throws StatusError(AGORAS_ERR_USAGE) naming the line
// of a syntax error, or a value of the wrong kind.
struct Config {
    std::map<std::string, std::vector<std::string>> groups;
    std::map<std::string, std::map<std::string, std::string>> defaults;  // platform -> option -> value
};
Config load();

// `agoras config`: dotted keys (groups.release, defaults.threads.reply-control); values as text,
// arrays comma-separated.
std::vector<std::pair<std::string, std::string>> list();
std::optional<std::string> get(const std::string& key);
// Writes the file atomically (a new file renamed over the old one). A groups.* value is a list.
void set(const std::string& key, const std::string& value);
// Removes the key (and a table it leaves empty); false when it was not set.
bool unset(const std::string& key);

}  // namespace agoras::host::config
