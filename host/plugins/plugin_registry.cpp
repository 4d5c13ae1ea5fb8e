#include "plugins/plugin_registry.hpp"

#include "plugins/crash_guard.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace agoras::host::plugins {

PluginRegistry::PluginRegistry(SearchPath search_path)
    : search_path_(std::move(search_path)), files_(discover(search_path_)) {}

void PluginRegistry::load_all() {
    if (attempted_.size() == files_.size()) return;
    DeclarationCache cache = DeclarationCache::read();
    for (const auto& file : files_) load_file(file, &cache);
    if (!cache.stale(plugins_.size())) return;
    std::map<std::string, DeclarationCache::Entry> entries;  // what the cache is to say next time
    for (const auto& plugin : plugins_) {
        const auto identity = identities_.find(plugin->path().string());
        if (identity == identities_.end()) continue;  // a file that could not be read
        entries.emplace(identity->first, cache_entry(identity->second, plugin->info(), plugin->publishes()));
    }
    DeclarationCache::save(entries);
}

std::optional<PlatformEntry> PluginRegistry::find_platform(const std::string& platform) {
    for (const auto& file : files_) {
        if (!file_name_matches_platform(file.path, platform)) continue;
        load_file(file);
        if (auto found = lookup(platform)) return opened(found);
    }
    // A plugin whose file is not named after the platform: the declarations tell which one it is, and
    // only that one is opened.
    load_all();
    if (auto found = lookup(platform)) return opened(found);
    // An older name of a platform (the original's "twitter" for "x").
    for (const auto& entry : platforms()) {
        const auto& aliases = entry.summary().aliases;
        if (std::find(aliases.begin(), aliases.end(), platform) != aliases.end()) {
            spdlog::warn("'{}' is a deprecated name of platform '{}': use 'agoras {} ...'", platform, entry.summary().name,
                         entry.summary().name);
            return opened(entry);
        }
    }
    return std::nullopt;
}

std::optional<PlatformEntry> PluginRegistry::opened(std::optional<PlatformEntry> entry) {
    std::string reason;
    if (entry && !entry->plugin->ensure_loaded(reason)) return std::nullopt;  // ensure_loaded said why
    return entry;
}

std::vector<std::string> PluginRegistry::platform_names() {
    load_all();
    std::vector<std::string> names;
    for (const auto& entry : platforms()) names.push_back(entry.summary().name);
    return names;
}

std::optional<PlatformEntry> PluginRegistry::lookup(const std::string& platform) const {
    const auto found = platform_index_.find(platform);
    if (found == platform_index_.end()) return std::nullopt;
    return platforms_[found->second];
}

void PluginRegistry::load_file(const DiscoveredFile& discovered, DeclarationCache* cache) {
    const std::filesystem::path& file = discovered.path;
    if (!attempted_.insert(file).second) return;
    PluginRecord record{file, std::nullopt, nullptr, {}, discovered.shadows};
    for (const auto& crashed : crashed_plugins_from_environment()) {
        if (crashed.path == file.string()) {
            record.skip_reason = "it crashed while loading with " + describe_signal(crashed.signal_number);
            records_.push_back(std::move(record));
            return;  // the warning was printed when it crashed
        }
    }
    if (const auto reason = insecure_plugin_reason(file); !reason.empty()) {
        record.skip_reason = "refusing to load it: " + reason +
                             (discovered.replaced_by ? "; " + discovered.replaced_by->string() + " is used instead" : "");
        spdlog::warn("skipping plugin {}: {}", file.string(), record.skip_reason);
        records_.push_back(std::move(record));
        return;
    }
    // The file's identity before it is read: should it change meanwhile, the cache keeps the older one
    // and the next run reads the file again.
    const auto identity = file_identity(file);
    if (identity) identities_.emplace(file.string(), *identity);
    std::unique_ptr<LoadedPlugin> plugin;
    if (auto known = cache != nullptr && identity ? cache->take(file, *identity) : std::nullopt) {
        plugin = LoadedPlugin::declared(file, std::move(known->summary), std::move(known->details), known->publishes);
    } else {
        plugin = LoadedPlugin::load(record);
    }
    if (plugin) {
        for (const auto& hidden : discovered.shadows) {
            spdlog::warn("plugin {} hides {} of the same name, later in the plugin path", file.string(), hidden.string());
        }
    }
    if (plugin && !plugin_ids_.insert(plugin->summary().id).second) {
        record.skip_reason = "plugin id '" + plugin->summary().id + "' is already loaded from another file";
        spdlog::warn("skipping plugin {}: {}", file.string(), record.skip_reason);
        plugin.reset();
    }
    if (plugin) {
        const auto& declared = plugin->summary();
        for (std::size_t i = 0; i < declared.platforms.size(); ++i) {
            const std::string& name = declared.platforms[i].name;
            if (auto existing = lookup(name)) {
                spdlog::warn("platform '{}' is provided by both {} and {}; using {}", name, existing->plugin->summary().id,
                             declared.id, existing->plugin->summary().id);
            } else {
                platform_index_.emplace(name, platforms_.size());
                platforms_.push_back({plugin.get(), i});
            }
        }
        record.plugin = plugin.get();
        plugins_.push_back(std::move(plugin));
    }
    records_.push_back(std::move(record));
}

}  // namespace agoras::host::plugins
