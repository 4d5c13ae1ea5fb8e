// The user's cache directory ($XDG_CACHE_HOME/agoras, else ~/.cache/agoras): what agoras keeps to save work
// (the plugin declaration cache, plugins' non-secret facts through agoras.cache/1) and may lose at any time.
// Nothing secret goes there. Its files are read only when they are the user's own and nobody else can change them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace agoras::host::core {

// nullopt when neither XDG_CACHE_HOME nor HOME is set.
std::optional<std::filesystem::path> user_cache_dir();

// The file's text when it is the user's own regular file (not a link), writable by nobody else, and at most
// `max_bytes` long; nullopt otherwise (missing, another's, too long), never an exception.
std::optional<std::string> read_cached_file(const std::filesystem::path& file, std::uint64_t max_bytes);

}  // namespace agoras::host::core
