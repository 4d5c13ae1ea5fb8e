// What each plugin file declared, kept in $XDG_CACHE_HOME/agoras/plugins.cache (default ~/.cache), so that
// `agoras --help`, `plugins list` and completion read one file instead of opening every plugin and the
// libraries it links (GStreamer's plugin registry is the model). An entry is keyed by the file's path and
// identity (device, inode, size, modification and change times): a rebuilt, replaced or touched plugin
// is opened again. The whole cache belongs to one agoras executable (its identity too), so a new host,
// which may read declarations differently, starts afresh. A plugin is still opened before any of its
// actions runs (LoadedPlugin::ensure_loaded); only declarations are taken from here. The file is cereal's
// binary archive: reading it costs a small fraction of a millisecond, where JSON's parse cost more than
// the rest of `agoras --help`. Each entry is a summary (what help and listings show), read with the file, and
// the rest of the declarations as bytes, read only by a command that needs them (a third of `--help` went to
// reading every option of every plugin).
#pragma once

#include "plugins/plugin_info.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace agoras::host::plugins {

// A plugin's declarations as the cache stores them: equal bytes, equal declarations.
std::string declarations_bytes(const PluginInfo& info);

// The identity of the file `path` names (symbolic links followed); nullopt when it cannot be read.
std::optional<std::string> file_identity(const std::filesystem::path& path);

class DeclarationCache {
public:
    // A plugin's declarations in two parts: what help and listings show, read with the cache, and the rest
    // (actions, options, capabilities, settings, credentials) as bytes, read only when a command needs them
    // (complete_declarations).
    struct Entry {
        std::string identity;
        PluginInfo summary;  // names; each platform's name, help and aliases
        std::string details;
        bool publishes = false;  // whether the plugin offered agoras.publish/1
    };

    // The cache on disk; empty when there is none, or when it is another executable's, damaged, larger
    // than its bound, or writable by someone else (then it is ignored, and replaced on the next save).
    static DeclarationCache read();

    // The entry of `file` when its identity is still `identity`, moved out of the cache (each is used once).
    std::optional<Entry> take(const std::filesystem::path& file, const std::string& identity);
    // Whether the file on disk says something else than the plugins found: a file it did not know, or
    // one it knew that is gone or changed.
    bool stale(std::size_t plugins_found) const { return taken_ != entries_.size() || plugins_found != taken_; }

    // Writes `entries` (by path) as the cache, atomically and private to the user; a failure is only logged.
    static void save(const std::map<std::string, Entry>& entries);
    // Removes the cache (found damaged): the next command reads every plugin again.
    static void discard();

private:
    std::map<std::string, Entry> entries_;  // by path
    std::size_t taken_ = 0;
};

// The cache's entry for a plugin's whole declarations `info`.
DeclarationCache::Entry cache_entry(std::string identity, const PluginInfo& info, bool publishes);

// `summary` (an Entry's) completed with the entry's `details`, in place: the summary's own fields are not
// touched. Throws std::exception when the details are damaged or do not fit the summary.
void complete_declarations(PluginInfo& summary, const std::string& details);

}  // namespace agoras::host::plugins
