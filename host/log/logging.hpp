// The host's spdlog setup: one stderr sink that redacts secrets, shared by the host logger and one
// logger per plugin (named after the plugin id, so every plugin line is tagged).
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <optional>
#include <string>

namespace agoras::host::log {

// Parses debug|info|warning|error|critical (any case); nullopt for anything else.
std::optional<spdlog::level::level_enum> parse_level(const std::string& name);

// Installs the default "agoras" logger at `level` (SPDLOG_LEVEL may lower or raise it further).
void setup(spdlog::level::level_enum level);

// The logger a plugin's log lines go to; created on first use.
std::shared_ptr<spdlog::logger> plugin_logger(const std::string& plugin_id);

}  // namespace agoras::host::log
