// The plugins of this process: which files exist, which were loaded, which platform each provides.
// Loading is lazy: a command for one platform loads only the file(s) needed to find it, and listing
// every plugin (help, `plugins list`, completion) reads their declarations from the declaration cache,
// opening only the files it does not know.
#pragma once

#include "plugins/declaration_cache.hpp"
#include "plugins/discovery.hpp"
#include "plugins/loaded_plugin.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace agoras::host::plugins {

struct PlatformEntry {
    LoadedPlugin* plugin = nullptr;
    std::size_t index = 0;  // in the plugin's platforms
    // The platform's whole declarations (actions, options): completed from the cache on first use.
    const PlatformInfo& platform() const { return plugin->info().platforms[index]; }
    // Its name, help and aliases only, for listings: never completes the plugin's declarations.
    const PlatformInfo& summary() const { return plugin->summary().platforms[index]; }
};

class PluginRegistry {
public:
    explicit PluginRegistry(SearchPath search_path);

    // Every discovered file's declarations (for help and `plugins list`): from the declaration cache
    // where it knows the file, else by loading it (and the cache is updated).
    void load_all();

    // The plugin providing `platform`, its library open and ready to run; tries files named after the
    // platform first, then an alias (with a deprecation warning: callers go on with entry.platform().name).
    // nullopt if none.
    std::optional<PlatformEntry> find_platform(const std::string& platform);

    // Platforms of every loaded plugin, first provider wins, in search order.
    const std::vector<PlatformEntry>& platforms() const { return platforms_; }
    // The names of every installed platform (every file loaded first): for listings and suggestions.
    std::vector<std::string> platform_names();

    const std::vector<PluginRecord>& records() const { return records_; }
    const SearchPath& search_path() const { return search_path_; }

private:
    // With a cache: the declarations from it where it knows the file.
    void load_file(const DiscoveredFile& file, DeclarationCache* cache = nullptr);
    std::optional<PlatformEntry> opened(std::optional<PlatformEntry> entry);
    std::optional<PlatformEntry> lookup(const std::string& platform) const;

    SearchPath search_path_;
    std::vector<DiscoveredFile> files_;
    std::set<std::filesystem::path> attempted_;
    std::map<std::string, std::string> identities_;  // path -> file_identity() when it was loaded
    std::vector<PluginRecord> records_;
    std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
    // Indexes of what plugins_ holds, so that loading n plugins takes time in n, not n squared.
    std::set<std::string> plugin_ids_;
    std::vector<PlatformEntry> platforms_;             // first provider of each name, in load order
    std::map<std::string, std::size_t> platform_index_;  // name -> position in platforms_
};

}  // namespace agoras::host::plugins
