// The C++ side of the plugin ABI for plugin authors. Header-only, standard library only.
//
//   class MyPlugin : public agoras::sdk::Plugin {
//   public:
//       using Plugin::Plugin;
//       void run(const agoras::sdk::Invocation& call) override { ... call.host().emit(...); }
//   };
//   agoras::sdk::PluginSpec my_spec() { return PluginSpec("my_id", "My platform", "1.0.0") ... ; }
//   AGORAS_PLUGIN(my_spec, MyPlugin)
//
// Nothing here crosses the boundary as C++: the macro turns the spec into the C descriptor of
// plugin_abi.h and wraps every call in a try/catch that converts exceptions into a status and message
// (sdk/error.hpp). The pieces: sdk/declarations.hpp (what a plugin declares), sdk/host.hpp (the host's
// services), sdk/post.hpp (typed posts), sdk/url.hpp, sdk/multipart.hpp, sdk/token_store.hpp,
// sdk/dry_run.hpp; agoras/testing.hpp is a fake host for unit tests.
#ifndef AGORAS_PLUGIN_HPP
#define AGORAS_PLUGIN_HPP

#include <agoras/json_object.hpp>
#include <agoras/ext/publish.h>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/dry_run.hpp>
#include <agoras/sdk/error.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/post.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agoras::sdk {

// ---- One run of an action ---------------------------------------------------------------------

class Invocation {
public:
    // `fallback` serves hosts older than ABI 1.1, whose invocations carry no services of their own.
    Invocation(const agoras_invocation* raw, const Host& fallback)
        : raw_(raw),
          host_(AGORAS_HAS_FIELD(raw, agoras_invocation, host) && raw->host != nullptr ? Host(raw->host) : fallback) {}

    std::string platform() const { return raw_->platform; }
    std::string action() const { return raw_->action; }
    // This run's services: its results, vault scope and secrets.
    const Host& host() const { return host_; }

    // The value of an option (the first, for a list option).
    std::optional<std::string> get(const std::string& name) const {
        for (std::uint32_t i = 0; i < raw_->value_count; ++i) {
            if (name == raw_->values[i]->name) return std::string(raw_->values[i]->value);
        }
        return std::nullopt;
    }
    // Every value of a list option, in order (gaps of numbered forms are empty strings).
    std::vector<std::string> get_all(const std::string& name) const {
        std::vector<std::string> values;
        for (std::uint32_t i = 0; i < raw_->value_count; ++i) {
            if (name == raw_->values[i]->name) values.emplace_back(raw_->values[i]->value);
        }
        return values;
    }
    std::string get_or(const std::string& name, const std::string& fallback) const {
        return get(name).value_or(fallback);
    }
    // For options declared required: the host guarantees a value, so absence is a plugin bug.
    std::string require(const std::string& name) const {
        auto value = get(name);
        if (!value) throw Error(AGORAS_ERR_PLUGIN, "option --" + name + " has no value");
        return *value;
    }
    bool flag(const std::string& name) const { return get(name).value_or("") == "true"; }

private:
    const agoras_invocation* raw_;
    Host host_;
};

// The typed post a platform's own `post` action describes: --text, --link, --image paired with
// --alt-text by position (and their numbered forms), --language. An alt text without its image is a
// usage error; an empty image (a gap of the numbered forms) is skipped. `fallback_images` stand in for
// --image when none is given (variables of an original tool, say).
inline Post post_from_options(const Invocation& call, const std::vector<std::string>& fallback_images = {}) {
    Post post;
    post.text = call.get_or("text", "");
    post.link = call.get("link");
    post.language = call.get("language");
    std::vector<std::string> sources = call.get_all("image");
    if (sources.empty()) sources = fallback_images;
    const std::vector<std::string> alts = call.get_all("alt-text");
    for (std::size_t i = 0; i < std::max(sources.size(), alts.size()); ++i) {
        const std::string source = i < sources.size() ? sources[i] : "", alt = i < alts.size() ? alts[i] : "";
        if (source.empty()) {
            const std::string n = std::to_string(i + 1);
            if (!alt.empty()) throw Error(AGORAS_ERR_USAGE, "alt text #" + n + " is given without image #" + n);
            continue;
        }
        post.media.push_back({AGORAS_MEDIA_IMAGE, source, "", alt});
    }
    return post;
}

template <typename PluginClass>
struct Shims;

namespace detail {
// The plugin's declarations (AGORAS_PLUGIN sets it), where Plugin's defaults find their handlers.
inline const DescriptorStorage* (*plugin_storage)() = nullptr;
inline PostHandlers post_handlers_of(const Invocation& call);
}  // namespace detail

class Plugin {
public:
    explicit Plugin(const Host& host) : host_(host) {}
    virtual ~Plugin() = default;
    // Runs call.action(): by default the function its declaration names (Action::runs).
    virtual void run(const Invocation& call);

    // agoras.publish/1, for plugins whose spec declares capabilities. validate_post checks and adapts
    // `post` for call.platform() without sending anything, throwing Error(AGORAS_ERR_USAGE) with the
    // reason when the platform cannot take it, and returns what would be sent. publish_post sends it
    // and emits one result ({"id", "url"}) through call.host().
    // By default the platform's PostHandlers (Platform::posts_with).
    virtual Json validate_post(const Invocation& call, const Post& post) {
        const PostHandlers handlers = detail::post_handlers_of(call);
        if (handlers.validate == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this plugin does not publish typed posts");
        return handlers.validate(call, post);
    }
    virtual void publish_post(const Invocation& call, const Post& post) {
        const PostHandlers handlers = detail::post_handlers_of(call);
        if (handlers.publish == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this plugin does not publish typed posts");
        handlers.publish(call, post);
    }

    // After an interrupted publish: whether the platform did publish `post`, given the last checkpoint
    // (Host::checkpoint) of that publish ({} when none). Returns {"published": true, "id", "url"} or
    // {"published": false}; throwing leaves it unknown. The default: the platform cannot tell.
    virtual Json reconcile_post(const Invocation& call, const Post& post, const Json& checkpoint) {
        const PostHandlers handlers = detail::post_handlers_of(call);
        if (handlers.reconcile == nullptr) {
            throw Error(AGORAS_ERR_PLUGIN, "this platform cannot tell whether an interrupted post was published");
        }
        return handlers.reconcile(call, post, checkpoint);
    }

protected:
    // Inside an action, the running invocation's host (the same as call.host(), on this thread);
    // outside one, the host as given to init.
    const Host& host() const;

private:
    template <typename>
    friend struct Shims;
    Host host_;
};

namespace detail {
// The host of the run on this thread, so that Plugin::host() means the run's services inside run().
inline thread_local const Host* current_run_host = nullptr;

struct RunScope {
    explicit RunScope(const Host& host) : previous(current_run_host) { current_run_host = &host; }
    ~RunScope() { current_run_host = previous; }
    RunScope(const RunScope&) = delete;
    RunScope& operator=(const RunScope&) = delete;
    const Host* previous;
};
}  // namespace detail

inline void Plugin::run(const Invocation& call) {
    const ActionHandler handler =
        detail::plugin_storage != nullptr ? detail::plugin_storage()->handler(call.platform(), call.action()) : nullptr;
    if (handler == nullptr) throw Error(AGORAS_ERR_PLUGIN, "the plugin declares no handler for " + call.platform() + " " + call.action());
    handler(call);
}

namespace detail {
inline PostHandlers post_handlers_of(const Invocation& call) {
    return plugin_storage != nullptr ? plugin_storage()->post_handlers(call.platform()) : PostHandlers{};
}
}  // namespace detail

inline const Host& Plugin::host() const {
    return detail::current_run_host != nullptr ? *detail::current_run_host : host_;
}

// The C shims behind AGORAS_PLUGIN.
template <typename PluginClass>
struct Shims {
    static agoras_status init(const agoras_host_services* services, void** state, agoras_error* error) noexcept {
        return detail::guarded(error, [&] { *state = new PluginClass(Host(services)); });
    }
    static Plugin& plugin(void* state) { return *static_cast<Plugin*>(state); }
    // Runs `body` with an Invocation whose host is also what Plugin::host() returns meanwhile.
    template <typename Body>
    static void in_run(void* state, const agoras_invocation* invocation, Body&& body) {
        const Invocation call(invocation, host_of(state));
        const detail::RunScope scope(call.host());
        body(call);
    }
    static agoras_status run(void* state, const agoras_invocation* invocation, agoras_error* error) noexcept {
        return detail::guarded(error, [&] { in_run(state, invocation, [&](const Invocation& c) { plugin(state).run(c); }); });
    }
    static agoras_status run_v2(void* state, const agoras_invocation* invocation, agoras_string_sink error_sink,
                                void* error_context) noexcept {
        return detail::guarded_to_sink(error_sink, error_context, [&] {
            in_run(state, invocation, [&](const Invocation& c) { plugin(state).run(c); });
        });
    }
    static agoras_status validate(void* state, const agoras_invocation* invocation, const agoras_post* post,
                                  agoras_string_sink adapted_sink, void* adapted_context, agoras_string_sink error_sink,
                                  void* error_context) noexcept {
        return detail::guarded_to_sink(error_sink, error_context, [&] {
            in_run(state, invocation, [&](const Invocation& c) {
                const Json adapted = plugin(state).validate_post(c, Post::from(post));
                if (adapted_sink != nullptr) {
                    const std::string text = adapted.serialize();
                    adapted_sink(adapted_context, text.data(), text.size());
                }
            });
        });
    }
    static agoras_status publish(void* state, const agoras_invocation* invocation, const agoras_post* post,
                                 agoras_string_sink error_sink, void* error_context) noexcept {
        return detail::guarded_to_sink(error_sink, error_context, [&] {
            in_run(state, invocation, [&](const Invocation& c) { plugin(state).publish_post(c, Post::from(post)); });
        });
    }
    static agoras_status reconcile(void* state, const agoras_invocation* invocation, const agoras_post* post,
                                   const char* checkpoint_json, agoras_string_sink result_sink, void* result_context,
                                   agoras_string_sink error_sink, void* error_context) noexcept {
        return detail::guarded_to_sink(error_sink, error_context, [&] {
            in_run(state, invocation, [&](const Invocation& c) {
                const Json checkpoint = Json::parse(checkpoint_json != nullptr ? checkpoint_json : "{}");
                const std::string text = plugin(state).reconcile_post(c, Post::from(post), checkpoint).serialize();
                if (result_sink != nullptr) result_sink(result_context, text.data(), text.size());
            });
        });
    }
    static void shutdown(void* state) noexcept {
        try {
            delete static_cast<Plugin*>(state);
        } catch (...) {
        }
    }

private:
    static const Host& host_of(void* state) { return plugin(state).host_; }
};

// The extensions a plugin offers, found by id (descriptor.get_extension).
inline const void* find_plugin_extension(DescriptorStorage& storage, const char* id) {
    const std::string wanted = id != nullptr ? id : "";
    if (wanted == AGORAS_EXT_PUBLISH_V1 && storage.publishes()) return &storage.publish_extension();
    if (wanted == AGORAS_EXT_DECLARATIONS_V1) return &storage.declarations_extension();
    return nullptr;
}

}  // namespace agoras::sdk

// Defines the plugin's entry symbol from a function returning a PluginSpec and a Plugin subclass.
#define AGORAS_PLUGIN(spec_function, PluginClass)                                                      \
    namespace {                                                                                        \
    agoras::sdk::DescriptorStorage* agoras_plugin_storage() {                                          \
        static agoras::sdk::DescriptorStorage* storage = []() -> agoras::sdk::DescriptorStorage* {     \
            try {                                                                                      \
                static agoras::sdk::DescriptorStorage built(spec_function());                          \
                agoras::sdk::detail::plugin_storage = [] {                                             \
                    return static_cast<const agoras::sdk::DescriptorStorage*>(agoras_plugin_storage()); \
                };                                                                                     \
                auto& d = built.descriptor();                                                          \
                d.init = &agoras::sdk::Shims<PluginClass>::init;                                       \
                d.run = &agoras::sdk::Shims<PluginClass>::run;                                         \
                d.shutdown = &agoras::sdk::Shims<PluginClass>::shutdown;                               \
                d.run_v2 = &agoras::sdk::Shims<PluginClass>::run_v2;                                   \
                d.get_extension = [](const char* id) noexcept -> const void* {                         \
                    return agoras::sdk::find_plugin_extension(*agoras_plugin_storage(), id);           \
                };                                                                                     \
                built.publish_extension().validate = &agoras::sdk::Shims<PluginClass>::validate;       \
                built.publish_extension().publish = &agoras::sdk::Shims<PluginClass>::publish;         \
                built.publish_extension().reconcile = &agoras::sdk::Shims<PluginClass>::reconcile;     \
                return &built;                                                                         \
            } catch (...) {                                                                            \
                return nullptr;                                                                        \
            }                                                                                          \
        }();                                                                                           \
        return storage;                                                                                \
    }                                                                                                  \
    }                                                                                                  \
    extern "C" AGORAS_PLUGIN_EXPORT const agoras_plugin_descriptor* agoras_plugin_entry(void) {        \
        auto* storage = agoras_plugin_storage();                                                       \
        return storage != nullptr ? &storage->descriptor() : nullptr;                                  \
    }

#endif
