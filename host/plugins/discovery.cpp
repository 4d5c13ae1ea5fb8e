#include "plugins/discovery.hpp"

#include "core/environment.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <sstream>

namespace agoras::host::plugins {
namespace fs = std::filesystem;

namespace {

const char* env(const char* name) {
    // Checked against the host's table; the pointer is getenv's, valid as long as the environment.
    return core::env(name) ? std::getenv(name) : nullptr;
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

std::vector<DiscoveredFile> discover(const SearchPath& search_path) {
    std::vector<DiscoveredFile> found;
    std::map<std::string, std::size_t> index_of_name;
    for (const auto& directory : search_path.directories) {
        std::error_code ec;
        std::vector<fs::path> here;
        for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
            const auto& path = it->path();
            if (path.extension() == ".so" && !it->is_directory(ec)) here.push_back(path);
        }
        std::sort(here.begin(), here.end());
        for (auto& path : here) {
            const auto [it, first] = index_of_name.emplace(path.filename().string(), found.size());
            if (first) {
                found.push_back({std::move(path), {}, std::nullopt});
            } else if (!found[it->second].replaced_by && !insecure_plugin_reason(found[it->second].path).empty() &&
                       insecure_plugin_reason(path).empty()) {
                // An insecure file that will not be loaded hides nothing: the next good one is used.
                found[it->second].replaced_by = path;
                it->second = found.size();
                found.push_back({std::move(path), {}, std::nullopt});
            } else {
                found[it->second].shadows.push_back(std::move(path));
            }
        }
    }
    return found;
}

namespace {

std::string octal(unsigned mode) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", mode & 07777);
    return text;
}

std::string check_owner_and_mode(const fs::path& path, bool is_directory) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return "";  // unreadable: loading reports it
    if (st.st_uid != ::geteuid() && st.st_uid != 0) {
        return std::string(is_directory ? "its directory " : "it ") + "belongs to another user (uid " +
               std::to_string(st.st_uid) + ")";
    }
    // A sticky world-writable directory (/tmp) still lets others replace only their own files, not ours.
    const bool sticky = is_directory && (st.st_mode & S_ISVTX) != 0;
    if ((st.st_mode & 0022) != 0 && !sticky) {
        return std::string(is_directory ? "its directory " : "it ") + "can be written by other users (mode " +
               octal(st.st_mode) + "); fix with: chmod go-w " + path.string();
    }
    return "";
}

}  // namespace

std::string insecure_plugin_reason(const fs::path& file) {
    if (auto reason = check_owner_and_mode(file, false); !reason.empty()) return reason;
    return check_owner_and_mode(file.parent_path().empty() ? fs::path(".") : file.parent_path(), true);
}

bool file_name_matches_platform(const fs::path& file, const std::string& platform) {
    const std::string stem = file.stem().string();
    return stem == platform || stem == "agoras_" + platform || stem == "agoras-" + platform ||
           stem == "libagoras_" + platform || stem == "lib" + platform;
}

}  // namespace agoras::host::plugins
