// The services of the agoras host, for plugin code: logging, results, clock, the vault, HTTP and
// OAuth, as C++ over the C tables of plugin_abi.h and its extensions. A Host is a pointer: cheap to
// copy. Inside an action use the invocation's host (Invocation::host()), whose results, vault scope
// and secrets belong to that run; threading rules are those of plugin_abi.h.
#ifndef AGORAS_SDK_HOST_HPP
#define AGORAS_SDK_HOST_HPP

#include <agoras/json_object.hpp>
#include <agoras/ext/http.h>
#include <agoras/ext/journal.h>
#include <agoras/ext/oauth.h>
#include <agoras/ext/vault.h>
#include <agoras/sdk/error.hpp>
#include <agoras/sdk/multipart.hpp>

#include <cctype>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agoras::sdk {

// A service is usable when the host's table is long enough to contain it and it is set.
#define AGORAS_SDK_HAS_SERVICE(services, field) \
    (AGORAS_HAS_FIELD(services, agoras_host_services, field) && (services)->field != nullptr)

struct HttpResponse {
    int status = 0;
    std::string body;
    std::vector<std::string> header_lines;  // "Name: value"
    std::uint32_t attempts = 1;             // how many times the request was sent

    // The value of header `name` (case-insensitive), or "".
    std::string header(const std::string& name) const {
        for (const auto& line : header_lines) {
            const auto colon = line.find(':');
            if (colon != name.size()) continue;
            bool same = true;
            for (std::size_t i = 0; i < colon && same; ++i) {
                same = std::tolower(static_cast<unsigned char>(line[i])) == std::tolower(static_cast<unsigned char>(name[i]));
            }
            if (same) return line.substr(line.find_first_not_of(' ', colon + 1) == std::string::npos
                                             ? line.size()
                                             : line.find_first_not_of(' ', colon + 1));
        }
        return "";
    }
};

enum class HttpVerdict { final = AGORAS_HTTP_FINAL, retry = AGORAS_HTTP_RETRY, host_default = AGORAS_HTTP_DEFAULT };

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                 // a body in memory, or:
    std::vector<BodyPart> body_parts; // a body of parts (Multipart::parts()), files streamed from disk
    std::string content_type;         // empty: none
    std::uint32_t timeout_ms = 0;     // 0: host default; a deadline for the whole exchange
    bool retry_safe = false;          // sending twice cannot do anything twice
    std::uint32_t max_attempts = 0;   // 0: AGORAS_HTTP_DEFAULT_ATTEMPTS
    std::uint64_t max_response_bytes = 0;  // 0: 16 MiB
    std::uint32_t max_redirects = 0;  // 0: a redirect is an error
    std::string progress_label;       // shown on a terminal while sending, e.g. "uploading clip.mp4"
    // Says which answers were not acted on by the server and may be sent again (the platform's own
    // throttling codes, say). `retry_after_ms` may be set; 0 lets the host choose the wait.
    std::function<HttpVerdict(const HttpResponse& answer, std::uint32_t& retry_after_ms)> classify;
};

struct OAuthRequest {
    std::string authorize_url;  // every parameter but state and the PKCE challenge
    agoras_oauth_redirect redirect = AGORAS_OAUTH_HTTPS_LOOPBACK;
    std::uint32_t callback_port = 0;    // 0: the host's (AGORAS_OAUTH_PORT)
    std::string callback_path = "/callback";
    std::uint32_t timeout_seconds = 0;  // 0: the host's (AGORAS_OAUTH_TIMEOUT, else 300)
    bool pkce = false;
    bool no_browser = false;
};

// An authorize action's --timeout value in seconds; "" gives 0, the host's setting
// (AGORAS_OAUTH_TIMEOUT, else 300). Throws a usage error for anything but a whole number of 1-3600.
inline std::uint32_t oauth_timeout_option(const std::string& value) {
    if (value.empty()) return 0;
    const bool digits = value.size() <= 4 && value.find_first_not_of("0123456789") == std::string::npos;
    const unsigned long seconds = digits ? std::stoul(value) : 0;
    if (seconds < 1 || seconds > 3600) throw Error(AGORAS_ERR_USAGE, "--timeout must be 1-3600 seconds, not '" + value + "'");
    return static_cast<std::uint32_t>(seconds);
}

struct OAuthResult {
    std::map<std::string, std::string> params;  // every callback parameter
    std::string code() const { return get("code"); }
    std::string code_verifier() const { return get("code_verifier"); }  // with pkce
    std::string redirect_uri() const { return get("redirect_uri"); }
    std::string get(const std::string& name) const {
        const auto it = params.find(name);
        return it == params.end() ? std::string() : it->second;
    }
};

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

    // ---- Token vault: records of `platform` (empty: the running action's), fields as a JSON object ----

    std::optional<std::string> vault_get(const std::string& identifier, const std::string& platform = {}) const {
        std::string fields;
        std::int32_t found = 0;
        if (const auto* v2 = vault_v2(platform)) {
            call_v2([&](agoras_string_sink es, void* ec) {
                return v2->get(services_->context, platform.c_str(), identifier.c_str(), &detail::append_to_string,
                               &fields, &found, es, ec);
            });
        } else {
            require(AGORAS_SDK_HAS_SERVICE(services_, vault_get), "vault_get");
            call([&](agoras_error* e) {
                return services_->vault_get(services_->context, identifier.c_str(), &detail::append_to_string,
                                            &fields, &found, e);
            });
        }
        if (found == 0) return std::nullopt;
        return fields;
    }
    void vault_put(const std::string& identifier, const std::string& fields_json, std::int64_t expires_at_unix = 0,
                   const std::string& platform = {}) const {
        if (const auto* v2 = vault_v2(platform)) {
            call_v2([&](agoras_string_sink es, void* ec) {
                return v2->put(services_->context, platform.c_str(), identifier.c_str(), fields_json.c_str(),
                               expires_at_unix, es, ec);
            });
            return;
        }
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_put), "vault_put");
        call([&](agoras_error* e) {
            return services_->vault_put(services_->context, identifier.c_str(), fields_json.c_str(), expires_at_unix, e);
        });
    }
    bool vault_delete(const std::string& identifier, const std::string& platform = {}) const {
        std::int32_t existed = 0;
        if (const auto* v2 = vault_v2(platform)) {
            call_v2([&](agoras_string_sink es, void* ec) {
                return v2->remove(services_->context, platform.c_str(), identifier.c_str(), &existed, es, ec);
            });
            return existed != 0;
        }
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_delete), "vault_delete");
        call([&](agoras_error* e) { return services_->vault_delete(services_->context, identifier.c_str(), &existed, e); });
        return existed != 0;
    }
    // A JSON array of identifiers.
    std::string vault_list(const std::string& platform = {}) const {
        std::string identifiers;
        if (const auto* v2 = vault_v2(platform)) {
            call_v2([&](agoras_string_sink es, void* ec) {
                return v2->list(services_->context, platform.c_str(), &detail::append_to_string, &identifiers, es, ec);
            });
            return identifiers;
        }
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_list), "vault_list");
        call([&](agoras_error* e) {
            return services_->vault_list(services_->context, &detail::append_to_string, &identifiers, e);
        });
        return identifiers;
    }
    // Read-modify-write under the vault's exclusive lock. `change` receives the current fields
    // (nullopt when absent) and returns the new fields, or nullopt to leave the record unchanged.
    // Exceptions thrown by `change` abort the update and propagate. Keep `change` short: no network.
    using VaultChange = std::function<std::optional<std::string>(const std::optional<std::string>& current)>;
    void vault_update(const std::string& identifier, const VaultChange& change, std::int64_t expires_at_unix = 0,
                      const std::string& platform = {}) const {
        struct Context {
            const VaultChange* change;
            std::exception_ptr failure;
        } context{&change, nullptr};
        auto trampoline = [](void* raw, const char* current, agoras_string_sink sink, void* sink_context,
                             std::int32_t* store, agoras_error* error) noexcept -> agoras_status {
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
        agoras_status status = AGORAS_OK;
        std::string message;
        if (const auto* v2 = vault_v2(platform)) {
            status = v2->update(services_->context, platform.c_str(), identifier.c_str(), trampoline, &context,
                                expires_at_unix, &detail::append_to_string, &message);
        } else {
            require(AGORAS_SDK_HAS_SERVICE(services_, vault_update), "vault_update");
            char buffer[detail::kErrorCapacity] = {0};
            agoras_error error{buffer, sizeof buffer};
            status = services_->vault_update(services_->context, identifier.c_str(), trampoline, &context,
                                             expires_at_unix, &error);
            message = buffer;
        }
        if (context.failure) std::rethrow_exception(context.failure);
        if (status != AGORAS_OK) throw Error(status, message);
    }
    // The platform's default account: the identifier it points to ("" when none).
    std::string vault_default(const std::string& platform = {}) const {
        const auto* v2 = require_vault_v2();
        std::string identifier;
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->get_default(services_->context, platform.c_str(), &detail::append_to_string, &identifier, es, ec);
        });
        return identifier;
    }
    void vault_set_default(const std::string& identifier, const std::string& platform = {}) const {
        const auto* v2 = require_vault_v2();
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->set_default(services_->context, platform.c_str(), identifier.c_str(), es, ec);
        });
    }

    // Records how far a publish got (agoras.journal/1), for reconcile after an interrupted run.
    // Does nothing on a host without the extension.
    void checkpoint(const Json& progress) const {
        const auto* journal = extension<agoras_journal_v1>(AGORAS_EXT_JOURNAL_V1);
        if (journal == nullptr) return;
        const std::string text = progress.serialize();
        call_v2([&](agoras_string_sink es, void* ec) { return journal->checkpoint(services_->context, text.c_str(), es, ec); });
    }

    // ---- HTTP and OAuth ----

    // Throws Error(AGORAS_ERR_NETWORK) when no answer arrived; any HTTP status is returned. The host
    // retries within request.max_attempts as agoras.http/2 describes.
    HttpResponse http(const HttpRequest& request) const {
        const auto* v2 = extension<agoras_http_v2>(AGORAS_EXT_HTTP_V2);
        if (v2 == nullptr) return http_v1(request);
        const RawHeaders headers(request.headers);
        std::vector<agoras_http_body_part> parts;
        if (!request.body.empty()) parts.push_back({sizeof(agoras_http_body_part), request.body.data(), request.body.size(), nullptr, 0, 0});
        for (const auto& part : request.body_parts) {
            if (part.file_path.empty()) {
                parts.push_back({sizeof(agoras_http_body_part), part.data.data(), part.data.size(), nullptr, 0, 0});
            } else {
                parts.push_back({sizeof(agoras_http_body_part), nullptr, 0, part.file_path.c_str(), part.file_offset,
                                 part.file_length});
            }
        }
        std::vector<const agoras_http_body_part*> part_ptrs;
        for (const auto& p : parts) part_ptrs.push_back(&p);

        struct Classifier {
            const HttpRequest* request;
            std::exception_ptr failure;
        } classifier{&request, nullptr};
        agoras_http_request_v2 raw{};
        raw.struct_size = sizeof raw;
        raw.method = request.method.c_str();
        raw.url = request.url.c_str();
        raw.headers = headers.pointers.data();
        raw.header_count = static_cast<std::uint32_t>(headers.pointers.size());
        raw.body_parts = part_ptrs.data();
        raw.body_part_count = static_cast<std::uint32_t>(part_ptrs.size());
        raw.content_type = request.content_type.empty() ? nullptr : request.content_type.c_str();
        raw.timeout_ms = request.timeout_ms;
        raw.retry_safe = request.retry_safe ? 1u : 0u;
        raw.max_attempts = request.max_attempts;
        raw.max_response_bytes = request.max_response_bytes;
        raw.max_redirects = request.max_redirects;
        raw.progress_label = request.progress_label.empty() ? nullptr : request.progress_label.c_str();
        if (request.classify) {
            raw.classifier_context = &classifier;
            raw.classify = [](void* ctx, std::int32_t status, const char* body, std::size_t body_size,
                              const char* header_text, std::uint32_t* retry_after_ms) noexcept -> std::uint32_t {
                auto* self = static_cast<Classifier*>(ctx);
                try {
                    HttpResponse answer;
                    answer.status = status;
                    answer.body.assign(body != nullptr ? body : "", body != nullptr ? body_size : 0);
                    const std::string all = header_text != nullptr ? header_text : "";
                    for (std::size_t start = 0; start < all.size();) {
                        const auto end = std::min(all.find('\n', start), all.size());
                        if (end > start) answer.header_lines.push_back(all.substr(start, end - start));
                        start = end + 1;
                    }
                    return static_cast<std::uint32_t>(self->request->classify(answer, *retry_after_ms));
                } catch (...) {
                    self->failure = std::current_exception();
                    return AGORAS_HTTP_FINAL;
                }
            };
        }
        HttpResponse response;
        agoras_http_response_v2 raw_response{};
        raw_response.struct_size = sizeof raw_response;
        capture_into(raw_response, response);
        call_v2([&](agoras_string_sink es, void* ec) { return v2->send(services_->context, &raw, &raw_response, es, ec); });
        if (classifier.failure) std::rethrow_exception(classifier.failure);
        response.status = raw_response.status_code;
        response.attempts = raw_response.attempts;
        return response;
    }

    // The redirect URI the host's callback uses for `redirect` and `path` (agoras.oauth/2), to put in
    // the authorize URL or register with the provider ahead. A host older than the question gets the
    // port its callback needed then (kLegacyCallbackPort), which `oauth` then names.
    std::string oauth_redirect_uri(agoras_oauth_redirect redirect, const std::string& path = "/callback") const {
        const auto* v2 = extension<agoras_oauth_v2>(AGORAS_EXT_OAUTH_V2);
        if (v2 == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_OAUTH_V2);
        if (!AGORAS_HAS_FIELD(v2, agoras_oauth_v2, redirect_uri) || v2->redirect_uri == nullptr) {
            const std::string port = std::to_string(kLegacyCallbackPort);
            if (redirect == AGORAS_OAUTH_OUT_OF_BAND) return "urn:ietf:wg:oauth:2.0:oob";
            return (redirect == AGORAS_OAUTH_HTTPS_LOOPBACK ? "https://localhost:" : "http://127.0.0.1:") + port + path;
        }
        std::string uri;
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->redirect_uri(services_->context, static_cast<std::uint32_t>(redirect), path.c_str(),
                                    &detail::append_to_string, &uri, es, ec);
        });
        return uri;
    }

    // The authorization-code step (agoras.oauth/2).
    OAuthResult oauth(const OAuthRequest& request) const {
        const auto* v2 = extension<agoras_oauth_v2>(AGORAS_EXT_OAUTH_V2);
        if (v2 == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_OAUTH_V2);
        agoras_oauth_request_v2 raw{};
        raw.struct_size = sizeof raw;
        raw.authorize_url = request.authorize_url.c_str();
        raw.redirect = static_cast<std::uint32_t>(request.redirect);
        const bool host_port = AGORAS_HAS_FIELD(v2, agoras_oauth_v2, redirect_uri) && v2->redirect_uri != nullptr;
        raw.callback_port = request.callback_port != 0 || host_port ? request.callback_port : kLegacyCallbackPort;
        raw.callback_path = request.callback_path.c_str();
        raw.timeout_seconds = request.timeout_seconds != 0 || host_port ? request.timeout_seconds : 300;
        raw.pkce = request.pkce ? 1u : 0u;
        raw.no_browser = request.no_browser ? 1u : 0u;
        std::string json;
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->authorize(services_->context, &raw, &detail::append_to_string, &json, es, ec);
        });
        OAuthResult result;
        const Json parsed = Json::parse(json);
        for (const auto& [name, value] : parsed.members()) result.params[name] = value.text();
        for (const auto& [name, value] : result.params) {
            if (name == "code" || name == "code_verifier") register_secret(value);
        }
        return result;
    }

    // The 1.0 step, kept for plugins written against it: returns the authorization code.
    std::string oauth_authorize(const std::string& authorize_url, std::uint32_t callback_port,
                                std::uint32_t timeout_seconds, bool no_browser) const {
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
    // The C form of request headers, pointing into the request.
    struct RawHeaders {
        explicit RawHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
            for (const auto& [name, value] : headers) structs.push_back({name.c_str(), value.c_str()});
            for (const auto& h : structs) pointers.push_back(&h);
        }
        std::vector<agoras_http_header> structs;
        std::vector<const agoras_http_header*> pointers;
    };

    // Points a C response (1.0 or v2) at `response`'s body and header lines.
    template <typename RawResponse>
    static void capture_into(RawResponse& raw, HttpResponse& response) {
        raw.body_sink = &detail::append_to_string;
        raw.body_context = &response.body;
        raw.header_sink = [](void* target, const char* data, std::size_t size) {
            static_cast<std::vector<std::string>*>(target)->emplace_back(data, size);
        };
        raw.header_context = &response.header_lines;
    }

    HttpResponse http_v1(const HttpRequest& request) const {
        require(AGORAS_SDK_HAS_SERVICE(services_, http_request), "http_request");
        if (!request.body_parts.empty() || request.classify) {
            throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_HTTP_V2);
        }
        const RawHeaders headers(request.headers);
        agoras_http_request raw{};
        raw.struct_size = sizeof raw;
        raw.method = request.method.c_str();
        raw.url = request.url.c_str();
        raw.headers = headers.pointers.data();
        raw.header_count = static_cast<std::uint32_t>(headers.pointers.size());
        raw.body = request.body.data();
        raw.body_size = request.body.size();
        raw.content_type = request.content_type.empty() ? nullptr : request.content_type.c_str();
        raw.timeout_ms = request.timeout_ms;
        raw.retry_safe = request.retry_safe ? 1u : 0u;
        HttpResponse response;
        agoras_http_response raw_response{};
        raw_response.struct_size = sizeof raw_response;
        capture_into(raw_response, response);
        call([&](agoras_error* e) { return services_->http_request(services_->context, &raw, &raw_response, e); });
        response.status = raw_response.status_code;
        return response;
    }
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

#endif
