// The services of the agoras host, for plugin code: logging, results, clock, the vault, HTTP and
// OAuth, as C++ over the C tables of plugin_abi.h and its extensions. A Host is a pointer: cheap to
// copy. Inside an action use the invocation's host (Invocation::host()), whose results, vault scope
// and secrets belong to that run; threading rules are those of plugin_abi.h.
//
// This header holds the class and the services every host has (log, results, progress, secrets,
// clock, extensions); each larger service is defined in its own header with its 1.0 fallback:
// sdk/vault.hpp, sdk/http.hpp, sdk/oauth.hpp (included at the end, so including any of them works).
#ifndef AGORAS_SDK_HOST_HPP
#define AGORAS_SDK_HOST_HPP

#include <agoras/json_object.hpp>
#include <agoras/ext/cache.h>
#include <agoras/ext/journal.h>
#include <agoras/ext/oauth.h>
#include <agoras/ext/vault.h>
#include <agoras/sdk/error.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace agoras::sdk {

// A service is usable when the host's table is long enough to contain it and it is set.
#define AGORAS_SDK_HAS_SERVICE(services, field) \
    (AGORAS_HAS_FIELD(services, agoras_host_services, field) && (services)->field != nullptr)

struct HttpRequest;   // sdk/http.hpp
struct HttpResponse;
struct OAuthRequest;  // sdk/oauth.hpp
struct OAuthResult;

class Host {
public:
    // The callback port that hosts before agoras.oauth/2's redirect_uri needed named (their default).
    static constexpr std::uint32_t kLegacyCallbackPort = 3456;

    explicit Host(const agoras_host_services* services) : services_(services) {}
    const agoras_host_services* services() const { return services_; }

    void log(agoras_log_level level, const std::string& message) const {
        if (AGORAS_SDK_HAS_SERVICE(services_, log)) services_->log(services_->context, level, message.c_str());
    }
    void debug(const std::string& message) const { log(AGORAS_LOG_DEBUG, message); }
    void info(const std::string& message) const { log(AGORAS_LOG_INFO, message); }
    void warn(const std::string& message) const { log(AGORAS_LOG_WARNING, message); }
    void error(const std::string& message) const { log(AGORAS_LOG_ERROR, message); }

    // One result line on stdout (or the invocation's sink).
    void emit(const Json& result) const { emit_json(result.serialize()); }
    void emit(const JsonObject& result) const { emit_json(result.str()); }
    void emit_json(const std::string& json_object) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, emit_result), "emit_result");
        call([&](agoras_error* e) { return services_->emit_result(services_->context, json_object.c_str(), e); });
    }
    void progress(const std::string& message) const {
        if (AGORAS_SDK_HAS_SERVICE(services_, progress)) services_->progress(services_->context, message.c_str());
    }
    void register_secret(const std::string& value) const {
        if (AGORAS_SDK_HAS_SERVICE(services_, register_secret)) {
            services_->register_secret(services_->context, value.c_str());
        }
    }
    std::int64_t now_unix_ms() const {
        require(AGORAS_SDK_HAS_SERVICE(services_, now_unix_ms), "now_unix_ms");
        return services_->now_unix_ms(services_->context);
    }
    void sleep_ms(std::uint32_t milliseconds) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, sleep_ms), "sleep_ms");
        services_->sleep_ms(services_->context, milliseconds);
    }

    // A host extension by id, or nullptr.
    template <typename Extension>
    const Extension* extension(const char* id) const {
        if (!AGORAS_SDK_HAS_SERVICE(services_, get_extension)) return nullptr;
        return static_cast<const Extension*>(services_->get_extension(services_->context, id));
    }

    // ---- Token vault (sdk/vault.hpp): records of `platform` (empty: the running action's), fields
    // as a JSON object ----

    std::optional<std::string> vault_get(const std::string& identifier, const std::string& platform = {}) const;
    void vault_put(const std::string& identifier, const std::string& fields_json, std::int64_t expires_at_unix = 0,
                   const std::string& platform = {}) const;
    bool vault_delete(const std::string& identifier, const std::string& platform = {}) const;
    // A JSON array of identifiers.
    std::string vault_list(const std::string& platform = {}) const;
    // Read-modify-write under the vault's exclusive lock. `change` receives the current fields
    // (nullopt when absent) and returns the new fields, or nullopt to leave the record unchanged.
    // Exceptions thrown by `change` abort the update and propagate. Keep `change` short: no network.
    using VaultChange = std::function<std::optional<std::string>(const std::optional<std::string>& current)>;
    void vault_update(const std::string& identifier, const VaultChange& change, std::int64_t expires_at_unix = 0,
                      const std::string& platform = {}) const;
    // The platform's default account: the identifier it points to ("" when none).
    std::string vault_default(const std::string& platform = {}) const;
    void vault_set_default(const std::string& identifier, const std::string& platform = {}) const;

    // Records how far a publish got (agoras.journal/1), for reconcile after an interrupted run.
    // Does nothing on a host without the extension.
    void checkpoint(const Json& progress) const {
        const auto* journal = extension<agoras_journal_v1>(AGORAS_EXT_JOURNAL_V1);
        if (journal == nullptr) return;
        const std::string text = progress.serialize();
        call_v2([&](agoras_string_sink es, void* ec) { return journal->checkpoint(services_->context, text.c_str(), es, ec); });
    }

    // ---- Cache (agoras.cache/1): small non-secret facts of the run's platform, kept between runs ----

    // The value kept under `key` less than `max_age_seconds` ago; nullopt otherwise, and on a host
    // without the extension.
    std::optional<std::string> cache_get(const std::string& key, std::int64_t max_age_seconds) const {
        const auto* cache = extension<agoras_cache_v1>(AGORAS_EXT_CACHE_V1);
        if (cache == nullptr) return std::nullopt;
        std::string value;
        std::int32_t found = 0;
        call_v2([&](agoras_string_sink es, void* ec) {
            return cache->get(services_->context, key.c_str(), max_age_seconds, &detail::append_to_string, &value, &found, es, ec);
        });
        return found != 0 ? std::optional<std::string>(std::move(value)) : std::nullopt;
    }
    // Keeps `value` under `key` (nothing on a host without the extension); throws Error when it cannot.
    void cache_put(const std::string& key, const std::string& value) const {
        const auto* cache = extension<agoras_cache_v1>(AGORAS_EXT_CACHE_V1);
        if (cache == nullptr) return;
        call_v2([&](agoras_string_sink es, void* ec) {
            return cache->put(services_->context, key.c_str(), value.data(), value.size(), es, ec);
        });
    }

    // ---- HTTP (sdk/http.hpp) ----

    // Throws Error(AGORAS_ERR_NETWORK) when no answer arrived; any HTTP status is returned. The host
    // retries within request.max_attempts as agoras.http/2 describes.
    HttpResponse http(const HttpRequest& request) const;

    // ---- OAuth (sdk/oauth.hpp) ----

    // The redirect URI the host's callback uses for `redirect` and `path` (agoras.oauth/2), to put in
    // the authorize URL or register with the provider ahead. A host older than the question gets the
    // port its callback needed then (kLegacyCallbackPort), which `oauth` then names.
    std::string oauth_redirect_uri(agoras_oauth_redirect redirect, const std::string& path = "/callback") const;
    // The authorization-code step (agoras.oauth/2).
    OAuthResult oauth(const OAuthRequest& request) const;
    // The 1.0 step, kept for plugins written against it: returns the authorization code.
    std::string oauth_authorize(const std::string& authorize_url, std::uint32_t callback_port,
                                std::uint32_t timeout_seconds, bool no_browser) const;

private:
    struct RawHeaders;  // the C form of request headers (sdk/http.hpp)
    template <typename RawResponse>
    static void capture_into(RawResponse& raw, HttpResponse& response);
    HttpResponse http_v1(const HttpRequest& request) const;
    // agoras.vault/2 when a platform is named (it needs one), or for the default-account functions.
    const agoras_vault_v2* vault_v2(const std::string& platform) const {
        return platform.empty() ? nullptr : require_vault_v2();
    }
    const agoras_vault_v2* require_vault_v2() const {
        const auto* v2 = extension<agoras_vault_v2>(AGORAS_EXT_VAULT_V2);
        if (v2 == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_VAULT_V2);
        return v2;
    }
    template <typename Call>
    static void call(Call&& function) {
        char buffer[detail::kErrorCapacity] = {0};
        agoras_error error{buffer, sizeof buffer};
        const agoras_status status = function(&error);
        if (status != AGORAS_OK) throw Error(status, buffer);
    }
    template <typename Call>
    static void call_v2(Call&& function) {
        std::string message;
        const agoras_status status = function(&detail::append_to_string, &message);
        if (status != AGORAS_OK) throw Error(status, message);
    }
    static void require(bool available, const char* name) {
        if (!available) throw Error(AGORAS_ERR_PLUGIN, std::string("this agoras host does not provide ") + name);
    }
    const agoras_host_services* services_;
};

}  // namespace agoras::sdk

#include <agoras/sdk/http.hpp>
#include <agoras/sdk/oauth.hpp>
#include <agoras/sdk/vault.hpp>

#endif
