// Finds plugin files. Search order: $AGORAS_PLUGIN_PATH (colon-separated), the per-user directory
// ($XDG_DATA_HOME/agoras/plugins, else ~/.local/share/agoras/plugins), then lib/agoras/plugins next
// to the executable. A file name found earlier shadows the same name later, as with $PATH.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::plugins {

struct SearchPath {
    std::vector<std::filesystem::path> directories;
};

// The search path from the environment and the executable's location.
SearchPath default_search_path();

struct DiscoveredFile {
    std::filesystem::path path;
    // Files of the same name later in the search path, which this one hides.
    std::vector<std::filesystem::path> shadows;
    // For a file refused as insecure (insecure_plugin_reason): the file of the same name used instead.
    std::optional<std::filesystem::path> replaced_by;
};

// Every `*.so` file in the search path, in search order; sorted by name within a directory.
std::vector<DiscoveredFile> discover(const SearchPath& search_path);

// Why a plugin file must not be loaded because someone else could have changed it: it, or its
// directory, belongs to another user (root excepted) or is writable by group or others. Empty if safe.
std::string insecure_plugin_reason(const std::filesystem::path& file);

// The file names a plugin providing `platform` is expected to have (threads.so, agoras_threads.so …).
bool file_name_matches_platform(const std::filesystem::path& file, const std::string& platform);

}  // namespace agoras::host::plugins
