#include "plugins/loaded_plugin.hpp"

#include "log/redactor.hpp"
#include "plugins/crash_guard.hpp"
#include "plugins/declaration_cache.hpp"
#include "status_error.hpp"

#include <agoras/sdk/error.hpp>

#include <boost/dll/shared_library_load_mode.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <fstream>

namespace agoras::host::plugins {
namespace {

// A plugin's error message leaves the process (stdout results, stderr) or reaches disk (the journal, a
// schedule's state): redacted once, here at the boundary, like every log line (a transport error names
// its URL, and a bot API's URL holds its token).
// One line, too: a server's text (which plugin errors quote) cannot print lines of its own.
agoras_status redacted(agoras_status status, std::string& error_message) {
    if (error_message.empty()) return status;
    error_message = log::redact(error_message);
    std::replace_if(error_message.begin(), error_message.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return status;
}

std::string version_text(uint32_t major, uint32_t minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

// Libraries are never unloaded while the process runs: code, statics and vtables of a plugin may
// still be referenced during shutdown. A reachable, never-destroyed holder keeps them mapped.
void keep_loaded_forever(boost::dll::shared_library library) {
    static auto* libraries = new std::vector<boost::dll::shared_library>();
    libraries->push_back(std::move(library));
}

constexpr std::size_t kErrorCapacity = sdk::detail::kErrorCapacity;

// The C form of an invocation, pointing into `values` and into its own copies of the platform and the
// action (which callers may pass as temporaries: "post").
struct RawInvocation {
    std::string platform, action;
    std::vector<agoras_option_value> value_structs;
    std::vector<const agoras_option_value*> value_ptrs;
    agoras_invocation invocation{};

    RawInvocation(std::string platform_name, std::string action_name, const OptionValues& values, const agoras_host_services* host)
        : platform(std::move(platform_name)), action(std::move(action_name)) {
        value_structs.reserve(values.size());
        for (const auto& [name, value] : values) value_structs.push_back({name.c_str(), value.c_str()});
        for (const auto& v : value_structs) value_ptrs.push_back(&v);
        invocation = agoras_invocation{sizeof(agoras_invocation), platform.c_str(), action.c_str(), value_ptrs.data(),
                                       static_cast<uint32_t>(value_ptrs.size()), host};
    }
    RawInvocation(const RawInvocation&) = delete;
    RawInvocation& operator=(const RawInvocation&) = delete;
};

}  // namespace

std::unique_ptr<LoadedPlugin> LoadedPlugin::load(PluginRecord& record) {
    std::unique_ptr<LoadedPlugin> plugin(new LoadedPlugin(record.path));
    if (!plugin->open(record.skip_reason, record.info)) {
        spdlog::warn("skipping plugin {}: {}", record.path.string(), record.skip_reason);
        return nullptr;
    }
    return plugin;
}

std::unique_ptr<LoadedPlugin> LoadedPlugin::declared(const std::filesystem::path& path, PluginInfo summary, std::string details,
                                                     bool publishes) {
    std::unique_ptr<LoadedPlugin> plugin(new LoadedPlugin(path));
    plugin->info_ = std::move(summary);
    plugin->details_ = std::move(details);
    plugin->publishes_ = publishes;
    plugin->declared_only_ = true;
    return plugin;
}

const PluginInfo& LoadedPlugin::info() const {
    std::call_once(completed_, [this] {
        if (details_.empty()) return;  // read from the library, or nothing more to add
        try {
            complete_declarations(info_, details_);
        } catch (const std::exception& e) {
            DeclarationCache::discard();
            throw StatusError(AGORAS_ERR_PLUGIN, "the plugin declaration cache was damaged (" + location() + ": " + e.what() +
                                                     "); it is removed, run the command again");
        }
        std::string().swap(details_);
    });
    return info_;
}

bool LoadedPlugin::ensure_loaded(std::string& reason) {
    const std::lock_guard<std::mutex> once(opening_);
    if (descriptor_ != nullptr) return true;
    if (open_failure_.empty()) {
        std::optional<PluginInfo> declarations;
        if (!open(open_failure_, declarations)) spdlog::warn("cannot open plugin {}: {}", location(), open_failure_);
    }
    reason = open_failure_;
    return descriptor_ != nullptr;
}

bool LoadedPlugin::open(std::string& reason, std::optional<PluginInfo>& declarations) {
    const std::string file = location();
    auto skip = [&](const std::string& why) {
        reason = why;
        return false;
    };
    if (!std::ifstream(path_).good()) return skip("cannot read the file");
    // Static constructors, the entry point, the declarations and init are all plugin code.
    const CrashGuard guard(CrashGuard::Phase::loading, file, "loading");

    boost::dll::shared_library library;
    try {
        // rtld_local: each plugin's symbols stay its own; rtld_now: unresolved symbols fail here, not mid-run.
        library.load(file, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
    } catch (const std::exception& e) {
        // Boost appends a meaningless errno text ("Bad file descriptor"); dlerror's part is the useful one.
        std::string what = e.what();
        const auto begin = what.find("dlerror system message: ");
        if (begin != std::string::npos) what = what.substr(begin + 24, what.rfind(')') - begin - 24);
        return skip("not a loadable library (" + what + ")");
    }
    if (!library.has(AGORAS_PLUGIN_ENTRY_SYMBOL)) {
        keep_loaded_forever(std::move(library));
        return skip(std::string("not an agoras plugin (no ") + AGORAS_PLUGIN_ENTRY_SYMBOL + " symbol)");
    }

    const auto entry = library.get<const agoras_plugin_descriptor*()>(AGORAS_PLUGIN_ENTRY_SYMBOL);
    const agoras_plugin_descriptor* descriptor = entry();
    auto fail = [&](const std::string& why) {
        keep_loaded_forever(std::move(library));
        return skip(why);
    };
    if (descriptor == nullptr) return fail("its entry point returned no descriptor");
    if (!AGORAS_HAS_FIELD(descriptor, agoras_plugin_descriptor, abi_minor)) return fail("its descriptor is malformed");

    const std::string host_abi = version_text(AGORAS_ABI_MAJOR, AGORAS_ABI_MINOR);
    const std::string plugin_abi = version_text(descriptor->abi_major, descriptor->abi_minor);
    if (descriptor->abi_major != AGORAS_ABI_MAJOR || descriptor->abi_minor > AGORAS_ABI_MINOR) {
        PluginInfo partial;
        partial.abi_major = descriptor->abi_major;
        partial.abi_minor = descriptor->abi_minor;
        declarations = partial;
        return fail("built for plugin ABI " + plugin_abi + ", but this agoras (ABI " + host_abi +
                    ") loads only ABI major " + std::to_string(AGORAS_ABI_MAJOR) + " with a minor up to " +
                    std::to_string(AGORAS_ABI_MINOR));
    }

    PluginInfo info;
    try {
        info = read_declarations(*descriptor);
    } catch (const std::exception& e) {
        return fail(std::string("invalid declarations: ") + e.what());
    }
    declarations = info;
    if (declared_only_) {
        // The file matched the cache's identity, so this holds unless it was replaced in between.
        if (declarations_bytes(info) != declarations_bytes(this->info())) {
            return fail("it changed while agoras was starting; run the command again");
        }
    } else {
        info_ = std::move(info);
    }

    std::vector<std::string> platforms;
    ServiceContext::SecretFields secrets;
    for (const auto& platform : info_.platforms) {
        platforms.push_back(platform.name);
        secrets[platform.name] = info_.secret_fields(platform.name);
    }
    services_ = std::make_unique<ServiceContext>(info_.id, std::move(platforms), std::move(secrets));
    char buffer[kErrorCapacity] = {0};
    agoras_error error{buffer, sizeof buffer};
    void* state = nullptr;
    if (descriptor->init(services_->table(), &state, &error) != AGORAS_OK) {
        return fail(std::string("initialisation failed: ") + (buffer[0] != '\0' ? buffer : "no reason given"));
    }
    library_ = std::move(library);
    descriptor_ = descriptor;
    state_ = state;
    if (speaks_1_1() && descriptor->get_extension != nullptr && !info_.capabilities.empty()) {
        publish_ = static_cast<const agoras_publish_v1*>(descriptor->get_extension(AGORAS_EXT_PUBLISH_V1));
    }
    publishes_ = publish_ != nullptr;
    declared_only_ = false;
    return true;
}

LoadedPlugin::~LoadedPlugin() {
    if (state_ != nullptr) descriptor_->shutdown(state_);
    if (library_.is_loaded()) keep_loaded_forever(std::move(library_));
}

bool LoadedPlugin::speaks_1_1() const {
    return descriptor_->abi_minor >= 1 && AGORAS_HAS_FIELD(descriptor_, agoras_plugin_descriptor, run_v2);
}

agoras_status LoadedPlugin::run(const std::string& platform, const std::string& action, const OptionValues& values,
                                std::string& error_message, const ResultSink& sink, const std::string& account) {
    if (!ensure_loaded(error_message)) return AGORAS_ERR_PLUGIN;
    const CrashGuard guard(CrashGuard::Phase::running, location(), platform + " " + action);
    if (speaks_1_1() && descriptor_->run_v2 != nullptr) {
        const auto context = services_->for_run(platform, sink, {}, account);
        RawInvocation raw(platform, action, values, context->table());
        return redacted(descriptor_->run_v2(state_, &raw.invocation, &sdk::detail::append_to_string, &error_message),
                        error_message);
    }
    // A 1.0 plugin: it calls the table it got at init, bound to this run.
    if (!account.empty()) {
        error_message = "plugin '" + info_.id + "' predates named accounts (plugin ABI 1.0): use its default account";
        return AGORAS_ERR_PLUGIN;
    }
    std::lock_guard<std::mutex> turn(legacy_runs_);
    services_->bind(platform, sink);
    RawInvocation raw(platform, action, values, nullptr);
    raw.invocation.struct_size = offsetof(agoras_invocation, host);  // as a 1.0 host builds it
    char buffer[kErrorCapacity] = {0};
    agoras_error error{buffer, sizeof buffer};
    const agoras_status status = descriptor_->run(state_, &raw.invocation, &error);
    if (status != AGORAS_OK) error_message = buffer;
    return redacted(status, error_message);
}

agoras_status LoadedPlugin::validate(const RunTarget& target, const OptionValues& values, const agoras_post& post,
                                     std::string& adapted, std::string& error_message) {
    if (!ensure_loaded(error_message)) return AGORAS_ERR_PLUGIN;
    if (publish_ == nullptr) {
        error_message = "plugin '" + info_.id + "' does not publish typed posts";
        return AGORAS_ERR_PLUGIN;
    }
    const CrashGuard guard(CrashGuard::Phase::running, location(), target.platform + " (checking a post)");
    std::string ignored_results;
    const auto context =
        services_->for_run(target.platform, [&](const std::string& json) { ignored_results += json; }, {}, target.account);
    RawInvocation raw(target.platform, "post", values, context->table());
    return redacted(publish_->validate(state_, &raw.invocation, &post, &sdk::detail::append_to_string, &adapted,
                                       &sdk::detail::append_to_string, &error_message),
                    error_message);
}

agoras_status LoadedPlugin::publish(const RunTarget& target, const OptionValues& values, const agoras_post& post,
                                    std::string& error_message, const ResultSink& sink, const ResultSink& checkpoints,
                                    bool* uncertain) {
    if (!ensure_loaded(error_message)) return AGORAS_ERR_PLUGIN;
    if (publish_ == nullptr) {
        error_message = "plugin '" + info_.id + "' does not publish typed posts";
        return AGORAS_ERR_PLUGIN;
    }
    const CrashGuard guard(CrashGuard::Phase::running, location(), target.platform + " (publishing a post)");
    std::atomic<bool> uncertain_writes{false};
    const auto context = services_->for_run(target.platform, sink, checkpoints, target.account, &uncertain_writes);
    RawInvocation raw(target.platform, "post", values, context->table());
    const agoras_status status = redacted(
        publish_->publish(state_, &raw.invocation, &post, &sdk::detail::append_to_string, &error_message), error_message);
    if (uncertain != nullptr) *uncertain = uncertain_writes;
    return status;
}

agoras_status LoadedPlugin::reconcile(const RunTarget& target, const OptionValues& values, const agoras_post& post,
                                      const std::string& checkpoint, std::string& result, std::string& error_message) {
    if (!ensure_loaded(error_message)) return AGORAS_ERR_PLUGIN;
    if (publish_ == nullptr || !AGORAS_HAS_FIELD(publish_, agoras_publish_v1, reconcile) || publish_->reconcile == nullptr) {
        error_message = "the " + target.platform + " plugin cannot tell whether an interrupted post was published";
        return AGORAS_ERR_PLUGIN;
    }
    const CrashGuard guard(CrashGuard::Phase::running, location(), target.platform + " (checking an interrupted post)");
    const auto context = services_->for_run(target.platform, [](const std::string&) {}, {}, target.account);
    RawInvocation raw(target.platform, "post", values, context->table());
    return redacted(publish_->reconcile(state_, &raw.invocation, &post, checkpoint.c_str(), &sdk::detail::append_to_string,
                                        &result, &sdk::detail::append_to_string, &error_message),
                    error_message);
}

}  // namespace agoras::host::plugins
