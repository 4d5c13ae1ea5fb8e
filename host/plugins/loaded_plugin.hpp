// One plugin library: loaded with Boost.DLL, checked against the host's ABI, initialised, run.
// Loading never throws: whatever is wrong with a file becomes the record's skip reason. A plugin known
// from the declaration cache starts as its declarations alone, and opens its library when it is first
// needed (ensure_loaded).
#pragma once

#include "plugins/host_services.hpp"
#include "plugins/plugin_info.hpp"

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agoras::host::plugins {

// What `agoras plugins list` reports about a file, loaded or not.
class LoadedPlugin;

struct PluginRecord {
    std::filesystem::path path;
    std::optional<PluginInfo> info;  // what was read of the descriptor, when it could be read and the file was opened
    const LoadedPlugin* plugin = nullptr;  // the plugin, when it is loaded (its summary() and info())
    std::string skip_reason;         // empty when the plugin is loaded
    std::vector<std::filesystem::path> shadows;  // same-named files later in the path, not loaded
};

using OptionValues = std::vector<std::pair<std::string, std::string>>;

// Whom a publish acts for: the platform, and the vault account the user named ("": the platform's
// default account). The plugin sees that account as its default (ServiceContext::for_run).
struct RunTarget {
    std::string platform, account;
};

class LoadedPlugin {
public:
    // Loads `record.path`; on failure returns nullptr and sets record.skip_reason.
    static std::unique_ptr<LoadedPlugin> load(PluginRecord& record);
    // A plugin whose declarations came from the cache, its library not opened yet: `summary` now, the rest
    // (`details`, DeclarationCache's bytes) completed on first use of info().
    static std::unique_ptr<LoadedPlugin> declared(const std::filesystem::path& path, PluginInfo summary, std::string details,
                                                  bool publishes);

    // Opens the library if it is not yet open; false with the reason when it cannot be (or when it no
    // longer declares what the cache said). The registry calls it on the main thread before handing a
    // platform out to run, so that a crash while loading restarts the command before anything was sent.
    bool ensure_loaded(std::string& reason);

    ~LoadedPlugin();
    LoadedPlugin(const LoadedPlugin&) = delete;
    LoadedPlugin& operator=(const LoadedPlugin&) = delete;

    // Everything the plugin declared. Throws StatusError(AGORAS_ERR_PLUGIN) when the cache's rest of it is damaged.
    const PluginInfo& info() const;
    // What help and listings show, without completing the declarations: id, name, version, description, ABI,
    // and each platform's name, help and aliases (its actions may not be there yet).
    const PluginInfo& summary() const { return info_; }
    const std::filesystem::path& path() const { return path_; }

    // Runs one action; returns the plugin's status and fills `error_message` on failure. Results go
    // to `sink`. Safe to call from several threads at once (a 1.0 plugin's runs take turns).
    // `account`: a vault account the run sees as the platform's default ("": the default itself); a 1.0 plugin
    // knows none.
    agoras_status run(const std::string& platform, const std::string& action, const OptionValues& values,
                      std::string& error_message, const ResultSink& sink = stdout_sink(), const std::string& account = {});

    // agoras.publish/1, when the plugin offers it (info().capabilities). `values` are the options of
    // the platform's post action (credentials, defaults). validate writes what would be sent to `adapted`.
    bool publishes() const { return publishes_; }
    agoras_status validate(const RunTarget& target, const OptionValues& values, const agoras_post& post,
                           std::string& adapted, std::string& error_message);
    // `uncertain`: set when a write went out and may have happened without a usable answer
    // (ServiceContext::note_uncertain_write), so that a failure's outcome is unknown.
    agoras_status publish(const RunTarget& target, const OptionValues& values, const agoras_post& post,
                          std::string& error_message, const ResultSink& sink, const ResultSink& checkpoints = {},
                          bool* uncertain = nullptr);
    // Whether an interrupted publish of `post` happened (agoras.publish/1 reconcile): `result` gets
    // {"published": ...}. AGORAS_ERR_PLUGIN when the plugin cannot tell.
    agoras_status reconcile(const RunTarget& target, const OptionValues& values, const agoras_post& post,
                            const std::string& checkpoint, std::string& result, std::string& error_message);

private:
    explicit LoadedPlugin(std::filesystem::path path) : path_(std::move(path)) {}
    // Loads, checks and initialises the library; sets info_ (or checks it against what was declared).
    bool open(std::string& reason, std::optional<PluginInfo>& declarations);
    bool speaks_1_1() const;
    std::string location() const { return path_.string(); }

    std::filesystem::path path_;
    std::mutex opening_;
    bool declared_only_ = false;  // info_ came from the cache and the library is not open yet
    std::string open_failure_;     // why opening failed, once it has
    boost::dll::shared_library library_;
    const agoras_plugin_descriptor* descriptor_ = nullptr;
    // Completed in info() (once, whichever thread asks first), hence mutable.
    mutable PluginInfo info_;
    mutable std::string details_;  // the cache's rest of the declarations, until info() completes info_
    mutable std::once_flag completed_;
    bool publishes_ = false;
    std::unique_ptr<ServiceContext> services_;
    const agoras_publish_v1* publish_ = nullptr;
    std::mutex legacy_runs_;  // a 1.0 plugin's runs share its one table, so they take turns
    void* state_ = nullptr;
};

}  // namespace agoras::host::plugins
