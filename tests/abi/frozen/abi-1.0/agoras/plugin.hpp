// The C++ side of the plugin ABI for plugin authors. Header-only, standard library only.
//
//   class MyPlugin : public agoras::sdk::Plugin {
//   public:
//       using Plugin::Plugin;
//       void run(const agoras::sdk::Invocation& call) override { ... host().emit(...); }
//   };
//   agoras::sdk::PluginSpec my_spec() { return PluginSpec("my_id", "My platform", "1.0.0") ... ; }
//   AGORAS_PLUGIN(my_spec, MyPlugin)
//
// Nothing here crosses the boundary as C++: the macro turns the spec into the C descriptor of
// plugin_abi.h and wraps every call in a try/catch that converts exceptions into a status and message.
#ifndef AGORAS_PLUGIN_HPP
#define AGORAS_PLUGIN_HPP

#include <agoras/json_object.hpp>
#include <agoras/plugin_abi.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace agoras::sdk {

// ---- Errors -----------------------------------------------------------------------------------

// Throw from a plugin to end the run with a given status (and so a given exit code).
class Error : public std::runtime_error {
public:
    Error(agoras_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    agoras_status status() const noexcept { return status_; }

private:
    agoras_status status_;
};

namespace detail {
inline void copy_message(agoras_error* error, const char* message) noexcept {
    if (error == nullptr || error->message == nullptr || error->capacity == 0) return;
    std::size_t n = std::strlen(message);
    if (n >= error->capacity) n = error->capacity - 1;
    std::memcpy(error->message, message, n);
    error->message[n] = '\0';
}

inline void append_to_string(void* target, const char* data, std::size_t size) {
    static_cast<std::string*>(target)->append(data, size);
}

// Runs `body`, turning any exception into a status code and a message in `error`.
template <typename Body>
agoras_status guarded(agoras_error* error, Body&& body) noexcept {
    try {
        body();
        return AGORAS_OK;
    } catch (const Error& e) {
        copy_message(error, e.what());
        return e.status();
    } catch (const std::exception& e) {
        copy_message(error, e.what());
        return AGORAS_ERR_PLUGIN;
    } catch (...) {
        copy_message(error, "unknown exception in plugin");
        return AGORAS_ERR_PLUGIN;
    }
}
}  // namespace detail

// ---- Declarations -----------------------------------------------------------------------------

class Option {
public:
    static Option string(std::string name) { return Option(std::move(name), AGORAS_OPTION_STRING); }
    static Option integer(std::string name) { return Option(std::move(name), AGORAS_OPTION_INTEGER); }
    static Option flag(std::string name) { return Option(std::move(name), AGORAS_OPTION_FLAG); }

    Option& help(std::string text) { help_ = std::move(text); return *this; }
    Option& required(bool value = true) { required_ = value; return *this; }
    Option& default_value(std::string value) { default_ = std::move(value); return *this; }
    Option& env(std::string variable) { env_ = std::move(variable); return *this; }
    Option& secret(bool value = true) { secret_ = value; return *this; }

private:
    Option(std::string name, agoras_option_type type) : name_(std::move(name)), type_(type) {}
    friend class DescriptorStorage;
    std::string name_;
    agoras_option_type type_;
    std::string help_;
    bool required_ = false;
    std::optional<std::string> default_;
    std::optional<std::string> env_;
    bool secret_ = false;
};

class Action {
public:
    Action(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
    Action& option(Option option) { options_.push_back(std::move(option)); return *this; }

private:
    friend class DescriptorStorage;
    std::string name_, help_;
    std::vector<Option> options_;
};

class Platform {
public:
    Platform(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
    Platform& action(Action action) { actions_.push_back(std::move(action)); return *this; }

private:
    friend class DescriptorStorage;
    std::string name_, help_;
    std::vector<Action> actions_;
};

class PluginSpec {
public:
    PluginSpec(std::string id, std::string name, std::string version, std::string description = {})
        : id_(std::move(id)), name_(std::move(name)), version_(std::move(version)), description_(std::move(description)) {}
    PluginSpec& platform(Platform platform) { platforms_.push_back(std::move(platform)); return *this; }
    // Overrides the ABI version the plugin claims; only the ABI test fixtures need this.
    PluginSpec& claim_abi(uint32_t major, uint32_t minor) { abi_major_ = major; abi_minor_ = minor; return *this; }

private:
    friend class DescriptorStorage;
    std::string id_, name_, version_, description_;
    std::vector<Platform> platforms_;
    uint32_t abi_major_ = AGORAS_ABI_MAJOR, abi_minor_ = AGORAS_ABI_MINOR;
};

// Owns the C structures built from a PluginSpec; lives in static storage for the life of the process.
class DescriptorStorage {
public:
    explicit DescriptorStorage(PluginSpec spec) : spec_(std::move(spec)) {
        for (auto& platform : spec_.platforms_) {
            auto& p = platforms_.emplace_back(std::make_unique<agoras_platform_decl>());
            auto& action_ptrs = action_arrays_.emplace_back();
            for (auto& action : platform.actions_) {
                auto& a = actions_.emplace_back(std::make_unique<agoras_action_decl>());
                auto& option_ptrs = option_arrays_.emplace_back();
                for (auto& option : action.options_) {
                    auto& o = options_.emplace_back(std::make_unique<agoras_option_decl>());
                    *o = agoras_option_decl{sizeof(agoras_option_decl),
                                            option.name_.c_str(),
                                            static_cast<uint32_t>(option.type_),
                                            option.required_ ? 1u : 0u,
                                            option.default_ ? option.default_->c_str() : nullptr,
                                            option.env_ ? option.env_->c_str() : nullptr,
                                            option.help_.c_str(),
                                            option.secret_ ? 1u : 0u};
                    option_ptrs.push_back(o.get());
                }
                *a = agoras_action_decl{sizeof(agoras_action_decl), action.name_.c_str(), action.help_.c_str(),
                                        option_ptrs.data(), static_cast<uint32_t>(option_ptrs.size())};
                action_ptrs.push_back(a.get());
            }
            *p = agoras_platform_decl{sizeof(agoras_platform_decl), platform.name_.c_str(), platform.help_.c_str(),
                                      action_ptrs.data(), static_cast<uint32_t>(action_ptrs.size())};
            platform_ptrs_.push_back(p.get());
        }
        descriptor_.struct_size = sizeof(agoras_plugin_descriptor);
        descriptor_.abi_major = spec_.abi_major_;
        descriptor_.abi_minor = spec_.abi_minor_;
        descriptor_.id = spec_.id_.c_str();
        descriptor_.name = spec_.name_.c_str();
        descriptor_.version = spec_.version_.c_str();
        descriptor_.description = spec_.description_.c_str();
        descriptor_.platforms = platform_ptrs_.data();
        descriptor_.platform_count = static_cast<uint32_t>(platform_ptrs_.size());
    }
    DescriptorStorage(const DescriptorStorage&) = delete;
    DescriptorStorage& operator=(const DescriptorStorage&) = delete;

    agoras_plugin_descriptor& descriptor() { return descriptor_; }

private:
    PluginSpec spec_;
    // unique_ptr and std::deque-like growth: the pointers handed out must stay stable.
    std::vector<std::unique_ptr<agoras_option_decl>> options_;
    std::vector<std::unique_ptr<agoras_action_decl>> actions_;
    std::vector<std::unique_ptr<agoras_platform_decl>> platforms_;
    std::vector<std::vector<const agoras_option_decl*>> option_arrays_;
    std::vector<std::vector<const agoras_action_decl*>> action_arrays_;
    std::vector<const agoras_platform_decl*> platform_ptrs_;
    agoras_plugin_descriptor descriptor_{};
};

// ---- Host services ----------------------------------------------------------------------------

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type;  // empty: none
    uint32_t timeout_ms = 0;   // 0: host default
    bool retry_safe = false;   // see agoras_http_request
};

struct HttpResponse {
    int status = 0;
    std::string body;
    std::vector<std::string> header_lines;  // "Name: value"
};

// A service is usable when the host's table is long enough to contain it and it is set.
#define AGORAS_SDK_HAS_SERVICE(services, field) \
    (AGORAS_HAS_FIELD(services, agoras_host_services, field) && (services)->field != nullptr)

class Host {
public:
    explicit Host(const agoras_host_services* services) : services_(services) {}

    void log(agoras_log_level level, const std::string& message) const {
        if (AGORAS_SDK_HAS_SERVICE(services_, log)) services_->log(services_->context, level, message.c_str());
    }
    void debug(const std::string& message) const { log(AGORAS_LOG_DEBUG, message); }
    void info(const std::string& message) const { log(AGORAS_LOG_INFO, message); }
    void warn(const std::string& message) const { log(AGORAS_LOG_WARNING, message); }
    void error(const std::string& message) const { log(AGORAS_LOG_ERROR, message); }

    // Prints one result line on stdout.
    void emit(const JsonObject& result) const { emit_json(result.str()); }
    void emit_json(const std::string& json_object) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, emit_result), "emit_result");
        char buffer[512] = {0};
        agoras_error error{buffer, sizeof buffer};
        agoras_status status = services_->emit_result(services_->context, json_object.c_str(), &error);
        if (status != AGORAS_OK) throw Error(status, buffer);
    }
    void progress(const std::string& message) const {
        if (AGORAS_SDK_HAS_SERVICE(services_, progress)) services_->progress(services_->context, message.c_str());
    }
    void register_secret(const std::string& value) const {
        if (AGORAS_SDK_HAS_SERVICE(services_, register_secret))
            services_->register_secret(services_->context, value.c_str());
    }
    int64_t now_unix_ms() const {
        require(AGORAS_SDK_HAS_SERVICE(services_, now_unix_ms), "now_unix_ms");
        return services_->now_unix_ms(services_->context);
    }
    void sleep_ms(uint32_t milliseconds) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, sleep_ms), "sleep_ms");
        services_->sleep_ms(services_->context, milliseconds);
    }

    // ---- Token vault (records of the running action's platform, fields as a JSON object) ----

    std::optional<std::string> vault_get(const std::string& identifier) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_get), "vault_get");
        std::string fields;
        int32_t found = 0;
        call([&](agoras_error* e) {
            return services_->vault_get(services_->context, identifier.c_str(), &detail::append_to_string, &fields,
                                        &found, e);
        });
        if (found == 0) return std::nullopt;
        return fields;
    }
    void vault_put(const std::string& identifier, const std::string& fields_json, int64_t expires_at_unix = 0) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_put), "vault_put");
        call([&](agoras_error* e) {
            return services_->vault_put(services_->context, identifier.c_str(), fields_json.c_str(), expires_at_unix, e);
        });
    }
    bool vault_delete(const std::string& identifier) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_delete), "vault_delete");
        int32_t existed = 0;
        call([&](agoras_error* e) {
            return services_->vault_delete(services_->context, identifier.c_str(), &existed, e);
        });
        return existed != 0;
    }
    // A JSON array of identifiers.
    std::string vault_list() const {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_list), "vault_list");
        std::string identifiers;
        call([&](agoras_error* e) {
            return services_->vault_list(services_->context, &detail::append_to_string, &identifiers, e);
        });
        return identifiers;
    }
    // Read-modify-write under the vault's exclusive lock. `change` receives the current fields
    // (nullopt when absent) and returns the new fields, or nullopt to leave the record unchanged.
    // Exceptions thrown by `change` abort the update and propagate.
    using VaultChange = std::function<std::optional<std::string>(const std::optional<std::string>& current)>;
    void vault_update(const std::string& identifier, const VaultChange& change, int64_t expires_at_unix = 0) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_update), "vault_update");
        struct Context {
            const VaultChange* change;
            std::exception_ptr failure;
        } context{&change, nullptr};
        auto trampoline = [](void* raw, const char* current, agoras_string_sink sink, void* sink_context,
                             int32_t* store, agoras_error* error) noexcept -> agoras_status {
            auto* ctx = static_cast<Context*>(raw);
            try {
                auto next = (*ctx->change)(current != nullptr ? std::optional<std::string>(current) : std::nullopt);
                if (next) {
                    sink(sink_context, next->data(), next->size());
                    *store = 1;
                }
                return AGORAS_OK;
            } catch (...) {
                ctx->failure = std::current_exception();
                detail::copy_message(error, "update aborted by the plugin");
                return AGORAS_ERR_PLUGIN;
            }
        };
        char buffer[1024] = {0};
        agoras_error error{buffer, sizeof buffer};
        const agoras_status status = services_->vault_update(services_->context, identifier.c_str(), trampoline,
                                                             &context, expires_at_unix, &error);
        if (context.failure) std::rethrow_exception(context.failure);
        if (status != AGORAS_OK) throw Error(status, buffer);
    }

    // ---- HTTP and OAuth ----

    // Throws Error(AGORAS_ERR_NETWORK) when no answer arrived; any HTTP status is returned.
    HttpResponse http(const HttpRequest& request) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, http_request), "http_request");
        std::vector<agoras_http_header> headers;
        for (const auto& [name, value] : request.headers) headers.push_back({name.c_str(), value.c_str()});
        std::vector<const agoras_http_header*> header_ptrs;
        for (const auto& h : headers) header_ptrs.push_back(&h);
        agoras_http_request raw{};
        raw.struct_size = sizeof raw;
        raw.method = request.method.c_str();
        raw.url = request.url.c_str();
        raw.headers = header_ptrs.data();
        raw.header_count = static_cast<uint32_t>(header_ptrs.size());
        raw.body = request.body.data();
        raw.body_size = request.body.size();
        raw.content_type = request.content_type.empty() ? nullptr : request.content_type.c_str();
        raw.timeout_ms = request.timeout_ms;
        raw.retry_safe = request.retry_safe ? 1u : 0u;

        HttpResponse response;
        agoras_http_response raw_response{};
        raw_response.struct_size = sizeof raw_response;
        raw_response.body_sink = &detail::append_to_string;
        raw_response.body_context = &response.body;
        raw_response.header_sink = [](void* target, const char* data, std::size_t size) {
            static_cast<std::vector<std::string>*>(target)->emplace_back(data, size);
        };
        raw_response.header_context = &response.header_lines;
        call([&](agoras_error* e) { return services_->http_request(services_->context, &raw, &raw_response, e); });
        response.status = raw_response.status_code;
        return response;
    }

    // Runs the browser/callback step and returns the authorization code.
    std::string oauth_authorize(const std::string& authorize_url, uint32_t callback_port, uint32_t timeout_seconds,
                                bool no_browser) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, oauth_authorize), "oauth_authorize");
        agoras_oauth_request raw{sizeof(agoras_oauth_request), authorize_url.c_str(), callback_port, timeout_seconds,
                                 no_browser ? 1u : 0u};
        std::string code;
        call([&](agoras_error* e) {
            return services_->oauth_authorize(services_->context, &raw, &detail::append_to_string, &code, e);
        });
        return code;
    }

private:
    template <typename Call>
    static void call(Call&& function) {
        char buffer[1024] = {0};
        agoras_error error{buffer, sizeof buffer};
        const agoras_status status = function(&error);
        if (status != AGORAS_OK) throw Error(status, buffer);
    }
    static void require(bool available, const char* name) {
        if (!available) throw Error(AGORAS_ERR_PLUGIN, std::string("this agoras host does not provide ") + name);
    }
    const agoras_host_services* services_;
};

// ---- One run of an action ---------------------------------------------------------------------

class Invocation {
public:
    explicit Invocation(const agoras_invocation* raw) : raw_(raw) {}

    std::string platform() const { return raw_->platform; }
    std::string action() const { return raw_->action; }

    std::optional<std::string> get(const std::string& name) const {
        for (uint32_t i = 0; i < raw_->value_count; ++i) {
            if (name == raw_->values[i]->name) return std::string(raw_->values[i]->value);
        }
        return std::nullopt;
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
};

class Plugin {
public:
    explicit Plugin(const Host& host) : host_(host) {}
    virtual ~Plugin() = default;
    virtual void run(const Invocation& call) = 0;

protected:
    const Host& host() const { return host_; }

private:
    Host host_;
};

// The C shims behind AGORAS_PLUGIN.
template <typename PluginClass>
struct Shims {
    static agoras_status init(const agoras_host_services* services, void** state, agoras_error* error) noexcept {
        return detail::guarded(error, [&] { *state = new PluginClass(Host(services)); });
    }
    static agoras_status run(void* state, const agoras_invocation* invocation, agoras_error* error) noexcept {
        return detail::guarded(error, [&] { static_cast<Plugin*>(state)->run(Invocation(invocation)); });
    }
    static void shutdown(void* state) noexcept {
        try {
            delete static_cast<Plugin*>(state);
        } catch (...) {
        }
    }
};

}  // namespace agoras::sdk

// Defines the plugin's entry symbol from a function returning a PluginSpec and a Plugin subclass.
#define AGORAS_PLUGIN(spec_function, PluginClass)                                                    \
    extern "C" AGORAS_PLUGIN_EXPORT const agoras_plugin_descriptor* agoras_plugin_entry(void) {      \
        static const agoras_plugin_descriptor* descriptor = []() -> const agoras_plugin_descriptor* { \
            try {                                                                                    \
                static agoras::sdk::DescriptorStorage storage(spec_function());                      \
                auto& d = storage.descriptor();                                                      \
                d.init = &agoras::sdk::Shims<PluginClass>::init;                                     \
                d.run = &agoras::sdk::Shims<PluginClass>::run;                                       \
                d.shutdown = &agoras::sdk::Shims<PluginClass>::shutdown;                             \
                return &d;                                                                           \
            } catch (...) {                                                                          \
                return nullptr;                                                                      \
            }                                                                                        \
        }();                                                                                         \
        return descriptor;                                                                           \
    }

#endif
