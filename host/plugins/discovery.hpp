// Finds plugin files. Search order: $AGORAS_PLUGIN_PATH (colon-separated), the per-user directory
// ($XDG_DATA_HOME/agoras/plugins, else ~/.local/share/agoras/plugins), then lib/agoras/plugins next
// to the executable. A file name found earlier shadows the same name later, as with $PATH.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace agoras::host::plugins {

struct SearchPath {
    std::vector<std::filesystem::path> directories;
};

// The search path from the environment and the executable's location.
SearchPath default_search_path();

// Every `*.so` file in the search path, in search order; sorted by name within a directory.
std::vector<std::filesystem::path> discover(const SearchPath& search_path);

// The file names a plugin providing `platform` is expected to have (threads.so, agoras_threads.so …).
bool file_name_matches_platform(const std::filesystem::path& file, const std::string& platform);

}  // namespace agoras::host::plugins
