#include "plugins/discovery.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>

namespace agoras::host::plugins {
namespace fs = std::filesystem;

namespace {

const char* env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

SearchPath default_search_path() {
    SearchPath result;
    if (const char* list = env("AGORAS_PLUGIN_PATH")) {
        std::stringstream stream(list);
        for (std::string entry; std::getline(stream, entry, ':');) {
            if (!entry.empty()) result.directories.emplace_back(entry);
        }
    }
    if (const char* data_home = env("XDG_DATA_HOME")) {
        result.directories.push_back(fs::path(data_home) / "agoras" / "plugins");
    } else if (const char* home = env("HOME")) {
        result.directories.push_back(fs::path(home) / ".local" / "share" / "agoras" / "plugins");
    }
    boost::dll::fs::error_code ignored;
    const auto exe_dir = boost::dll::program_location(ignored).parent_path();
    if (!exe_dir.empty()) {
        result.directories.push_back(fs::path(exe_dir.string()).parent_path() / "lib" / "agoras" / "plugins");
    }
    return result;
}

std::vector<fs::path> discover(const SearchPath& search_path) {
    std::vector<fs::path> found;
    std::set<std::string> seen_names;
    for (const auto& directory : search_path.directories) {
        std::error_code ec;
        std::vector<fs::path> here;
        for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
            const auto& path = it->path();
            if (path.extension() == ".so" && !it->is_directory(ec)) here.push_back(path);
        }
        std::sort(here.begin(), here.end());
        for (auto& path : here) {
            if (seen_names.insert(path.filename().string()).second) found.push_back(std::move(path));
        }
    }
    return found;
}

bool file_name_matches_platform(const fs::path& file, const std::string& platform) {
    const std::string stem = file.stem().string();
    return stem == platform || stem == "agoras_" + platform || stem == "agoras-" + platform ||
           stem == "libagoras_" + platform || stem == "lib" + platform;
}

}  // namespace agoras::host::plugins
