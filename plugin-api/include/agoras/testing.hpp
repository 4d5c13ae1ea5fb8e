// A fake agoras host for unit tests of plugin code, in the style of the GitHub CLI's httpmock: HTTP
// answered by a script you write, an in-memory vault, a fixed clock, and every result, log line and
// request recorded. Plugin logic (sessions, publishers, actions) can then be tested without a server
// process:
//
//   agoras::testing::FakeHost host;
//   host.http = [](const agoras::testing::Request& r) { return agoras::testing::json(200, R"({"id":"1"})"); };
//   auto call = host.invocation("myplatform", "post", {{"text", "hi"}});
//   my_plugin_post(call.get());
//   CHECK(host.results.at(0) == R"({"id":"1"})");
//
// It follows the host's rules where plugins rely on them: the retry policy of agoras.http/2 (HTTP 429
// and the classifier's verdicts, up to max_attempts; 5xx only for retry-safe requests), results that
// must be JSON objects, the vault scoped to the plugin's platforms with a default-account pointer, and
// the "keep expiry" convention. Single-threaded.
#ifndef AGORAS_TESTING_HPP
#define AGORAS_TESTING_HPP

#include <agoras/sdk/retry_rule.hpp>
#include <agoras/json.hpp>
#include <agoras/plugin.hpp>

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace agoras::testing {

struct Request {
    std::string method, url, body, content_type;
    std::vector<std::pair<std::string, std::string>> headers;
    bool retry_safe = false;
};

struct Answer {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

inline Answer json(int status, const std::string& body) { return Answer{status, body, {{"Content-Type", "application/json"}}}; }

class FakeHost {
public:
    // The platforms the plugin provides (its vault scope).
    explicit FakeHost(std::vector<std::string> platforms = {"test"}) : platforms_(std::move(platforms)) { build_table(); }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    // ---- What a test scripts ----
    std::function<Answer(const Request&)> http = [](const Request&) { return Answer{404, "", {}}; };
    // Callback parameters the fake OAuth step hands back (code, state, ...).
    std::map<std::string, std::string> oauth_params{{"code", "FAKE_CODE"}};
    std::int64_t now_ms = 1'800'000'000'000;  // sleeps advance it

    // ---- What a test inspects ----
    std::vector<Request> requests;          // every request sent, retries included
    std::vector<std::string> results;       // every emitted result
    std::vector<std::string> logs;          // "level: message"
    std::vector<std::uint32_t> sleeps;      // every sleep, in milliseconds
    std::vector<std::string> secrets;       // registered secrets
    std::vector<std::string> checkpoints;   // every checkpoint of a publish (agoras.journal/1)
    std::map<std::pair<std::string, std::string>, std::string> vault;  // (platform, identifier) -> fields JSON
    std::map<std::pair<std::string, std::string>, std::int64_t> expiries;
    std::map<std::string, std::string> defaults;  // platform -> identifier
    // agoras.cache/1: (platform, key) -> (kept at, Unix ms of now_ms; value)
    std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::string>> cache;

    // An invocation of `action` on `platform` whose services are this fake's.
    class Call {
    public:
        Call(FakeHost& host, std::string platform, std::string action,
             std::vector<std::pair<std::string, std::string>> values)
            : platform_(std::move(platform)), action_(std::move(action)), values_(std::move(values)) {
            host.current_platform_ = platform_;
            for (const auto& [name, value] : values_) raw_values_.push_back({name.c_str(), value.c_str()});
            for (const auto& v : raw_values_) value_ptrs_.push_back(&v);
            raw_ = agoras_invocation{sizeof(agoras_invocation), platform_.c_str(), action_.c_str(), value_ptrs_.data(),
                                     static_cast<std::uint32_t>(value_ptrs_.size()), host.services()};
            invocation_ = std::make_unique<sdk::Invocation>(&raw_, sdk::Host(host.services()));
        }
        const sdk::Invocation& get() const { return *invocation_; }

    private:
        std::string platform_, action_;
        std::vector<std::pair<std::string, std::string>> values_;
        std::vector<agoras_option_value> raw_values_;
        std::vector<const agoras_option_value*> value_ptrs_;
        agoras_invocation raw_{};
        std::unique_ptr<sdk::Invocation> invocation_;
    };
    Call invocation(const std::string& platform, const std::string& action,
                    std::vector<std::pair<std::string, std::string>> values = {}) {
        return Call(*this, platform, action, std::move(values));
    }

    const agoras_host_services* services() const { return &table_; }
    sdk::Host host() const { return sdk::Host(&table_); }

private:
    static FakeHost& self(void* context) { return *static_cast<FakeHost*>(context); }
    static void send(agoras_string_sink sink, void* context, const std::string& text) {
        if (sink != nullptr) sink(context, text.data(), text.size());
    }
    template <typename Body>
    static agoras_status guarded_sink(agoras_string_sink sink, void* context, Body&& body) noexcept {
        return sdk::detail::guarded_to_sink(sink, context, std::forward<Body>(body), AGORAS_ERR_GENERIC);
    }
    template <typename Body>
    static agoras_status guarded(agoras_error* error, Body&& body) noexcept {
        return sdk::detail::guarded(error, std::forward<Body>(body), AGORAS_ERR_GENERIC);
    }

    std::string scope(const char* platform) const {
        const std::string wanted = platform != nullptr && *platform != '\0' ? platform : current_platform_;
        for (const auto& own : platforms_) {
            if (own == wanted) return own;
        }
        throw sdk::Error(AGORAS_ERR_PLUGIN, "the plugin may not use the vault of platform '" + wanted + "'");
    }
    const std::string* find_record(const std::string& platform, const std::string& identifier) const {
        auto it = vault.find({platform, identifier});
        if (it == vault.end() && identifier == "default") {
            const auto d = defaults.find(platform);
            if (d != defaults.end()) it = vault.find({platform, d->second});
        }
        return it == vault.end() ? nullptr : &it->second;
    }

    // The retry rule of agoras.http/2.
    Answer exchange(const Request& request, std::uint32_t max_attempts, agoras_http_classifier classify,
                    void* classifier_context, std::uint32_t& attempts) {
        const std::uint32_t allowed = sdk::allowed_attempts(max_attempts);
        for (attempts = 1;; ++attempts) {
            requests.push_back(request);
            Answer answer = http(request);
            std::uint32_t verdict = AGORAS_HTTP_DEFAULT, wait = 0;
            if (classify != nullptr) {
                std::string headers;
                for (const auto& [name, value] : answer.headers) headers += name + ": " + value + "\n";
                verdict = classify(classifier_context, answer.status, answer.body.data(), answer.body.size(),
                                   headers.c_str(), &wait);
            }
            if (!sdk::should_retry(verdict, answer.status, request.retry_safe) || attempts >= allowed) return answer;
            sleeps.push_back(wait > 0 ? wait : static_cast<std::uint32_t>(sdk::backoff_base_ms(attempts)));
            now_ms += sleeps.back();
        }
    }

    void build_table() {
        table_.struct_size = sizeof table_;
        table_.abi_major = AGORAS_ABI_MAJOR;
        table_.abi_minor = AGORAS_ABI_MINOR;
        table_.context = this;
        table_.log = [](void* c, std::uint32_t level, const char* message) {
            static const char* names[] = {"", "debug", "info", "warning", "error", "critical"};
            self(c).logs.push_back(std::string(level <= 5 ? names[level] : "critical") + ": " + message);
        };
        table_.emit_result = [](void* c, const char* json_object, agoras_error* error) {
            return guarded(error, [&] {
                const Json parsed = Json::parse(json_object != nullptr ? json_object : "");
                if (!parsed.is_object()) throw sdk::Error(AGORAS_ERR_PLUGIN, "a result must be a JSON object");
                self(c).results.emplace_back(json_object);
            });
        };
        table_.progress = [](void*, const char*) {};
        table_.register_secret = [](void* c, const char* value) { self(c).secrets.emplace_back(value); };
        table_.now_unix_ms = [](void* c) { return self(c).now_ms; };
        table_.sleep_ms = [](void* c, std::uint32_t ms) {
            self(c).sleeps.push_back(ms);
            self(c).now_ms += ms;
        };
        table_.vault_get = [](void* c, const char* id, agoras_string_sink sink, void* ctx, std::int32_t* found,
                              agoras_error* error) {
            return guarded(error, [&] { self(c).vault_get_impl(nullptr, id, sink, ctx, found); });
        };
        table_.vault_put = [](void* c, const char* id, const char* fields, std::int64_t expires, agoras_error* error) {
            return guarded(error, [&] { self(c).vault_put_impl(nullptr, id, fields, expires); });
        };
        table_.vault_delete = [](void* c, const char* id, std::int32_t* existed, agoras_error* error) {
            return guarded(error, [&] { self(c).vault_remove_impl(nullptr, id, existed); });
        };
        table_.vault_list = [](void* c, agoras_string_sink sink, void* ctx, agoras_error* error) {
            return guarded(error, [&] { self(c).vault_list_impl(nullptr, sink, ctx); });
        };
        table_.vault_update = [](void* c, const char* id, agoras_vault_update_fn update, void* uctx, std::int64_t expires,
                                 agoras_error* error) {
            return guarded(error, [&] { self(c).vault_update_impl(nullptr, id, update, uctx, expires); });
        };
        table_.http_request = [](void* c, const agoras_http_request* request, agoras_http_response* response,
                                 agoras_error* error) {
            return guarded(error, [&] {
                Request r{request->method, request->url,
                          request->body != nullptr ? std::string(request->body, request->body_size) : std::string(),
                          request->content_type != nullptr ? request->content_type : "", {}, request->retry_safe != 0};
                std::uint32_t attempts = 0;
                const Answer answer = self(c).exchange(r, 0, nullptr, nullptr, attempts);
                response->status_code = answer.status;
                response->body_sink(response->body_context, answer.body.data(), answer.body.size());
            });
        };
        table_.oauth_authorize = [](void* c, const agoras_oauth_request*, agoras_string_sink sink, void* ctx,
                                    agoras_error* error) {
            return guarded(error, [&] { send(sink, ctx, self(c).oauth_params["code"]); });
        };
        table_.get_extension = [](void*, const char* id) -> const void* {
            if (std::strcmp(id, AGORAS_EXT_HTTP_V2) == 0) return &http_v2_table();
            if (std::strcmp(id, AGORAS_EXT_VAULT_V2) == 0) return &vault_v2_table();
            if (std::strcmp(id, AGORAS_EXT_OAUTH_V2) == 0) return &oauth_v2_table();
            if (std::strcmp(id, AGORAS_EXT_JOURNAL_V1) == 0) return &journal_v1_table();
            if (std::strcmp(id, AGORAS_EXT_CACHE_V1) == 0) return &cache_v1_table();
            return nullptr;
        };
    }

    void vault_get_impl(const char* platform, const char* id, agoras_string_sink sink, void* ctx, std::int32_t* found) {
        const auto* record = find_record(scope(platform), id);
        *found = record != nullptr ? 1 : 0;
        if (record != nullptr) send(sink, ctx, *record);
    }
    void vault_put_impl(const char* platform, const char* id, const char* fields, std::int64_t expires) {
        const std::string p = scope(platform);
        if (!Json::parse(fields).is_object()) throw sdk::Error(AGORAS_ERR_PLUGIN, "record fields must be an object");
        vault[{p, id}] = fields;
        if (expires >= 0) expiries[{p, id}] = expires;
    }
    void vault_remove_impl(const char* platform, const char* id, std::int32_t* existed) {
        const std::string p = scope(platform);
        *existed = vault.erase({p, id}) > 0 ? 1 : 0;
        if (*existed != 0 && defaults.count(p) > 0 && defaults[p] == id) defaults.erase(p);
    }
    void vault_list_impl(const char* platform, agoras_string_sink sink, void* ctx) {
        const std::string p = scope(platform);
        Json ids = Json::array();
        for (const auto& [key, fields] : vault) {
            if (key.first == p) ids.push(key.second);
        }
        send(sink, ctx, ids.serialize());
    }
    void vault_update_impl(const char* platform, const char* id, agoras_vault_update_fn update, void* uctx,
                           std::int64_t expires) {
        const std::string p = scope(platform);
        const auto* current = find_record(p, id);
        std::string next;
        std::int32_t store = 0;
        char buffer[sdk::detail::kErrorCapacity] = {0};
        agoras_error error{buffer, sizeof buffer};
        const agoras_status status = update(uctx, current != nullptr ? current->c_str() : nullptr,
                                            &sdk::detail::append_to_string, &next, &store, &error);
        if (status != AGORAS_OK) throw sdk::Error(status, buffer);
        if (store != 0) vault_put_impl(platform, id, next.c_str(), expires);
    }

    static const agoras_http_v2& http_v2_table() {
        static const agoras_http_v2 table{
            sizeof(agoras_http_v2),
            [](void* c, const agoras_http_request_v2* request, agoras_http_response_v2* response, agoras_string_sink es,
               void* ec) {
                return guarded_sink(es, ec, [&] {
                    Request r{request->method, request->url, "", request->content_type != nullptr ? request->content_type : "",
                              {}, request->retry_safe != 0};
                    for (std::uint32_t i = 0; i < request->header_count; ++i) {
                        r.headers.emplace_back(request->headers[i]->name, request->headers[i]->value);
                    }
                    for (std::uint32_t i = 0; i < request->body_part_count; ++i) {
                        const auto* part = request->body_parts[i];
                        r.body += part->data != nullptr ? std::string(part->data, part->size)
                                                        : "<file " + std::string(part->file_path) + ">";
                    }
                    std::uint32_t attempts = 0;
                    const Answer answer =
                        self(c).exchange(r, request->max_attempts, request->classify, request->classifier_context, attempts);
                    response->status_code = answer.status;
                    response->attempts = attempts;
                    response->body_sink(response->body_context, answer.body.data(), answer.body.size());
                    if (response->header_sink != nullptr) {
                        for (const auto& [name, value] : answer.headers) {
                            const std::string line = name + ": " + value;
                            response->header_sink(response->header_context, line.data(), line.size());
                        }
                    }
                });
            }};
        return table;
    }
    static const agoras_vault_v2& vault_v2_table() {
        static const agoras_vault_v2 table{
            sizeof(agoras_vault_v2),
            [](void* c, const char* p, const char* id, agoras_string_sink sink, void* ctx, std::int32_t* found,
               agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] { self(c).vault_get_impl(p, id, sink, ctx, found); });
            },
            [](void* c, const char* p, const char* id, const char* fields, std::int64_t expires, agoras_string_sink es,
               void* ec) { return guarded_sink(es, ec, [&] { self(c).vault_put_impl(p, id, fields, expires); }); },
            [](void* c, const char* p, const char* id, std::int32_t* existed, agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] { self(c).vault_remove_impl(p, id, existed); });
            },
            [](void* c, const char* p, agoras_string_sink sink, void* ctx, agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] { self(c).vault_list_impl(p, sink, ctx); });
            },
            [](void* c, const char* p, const char* id, agoras_vault_update_fn update, void* uctx, std::int64_t expires,
               agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] { self(c).vault_update_impl(p, id, update, uctx, expires); });
            },
            [](void* c, const char* p, agoras_string_sink sink, void* ctx, agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] {
                    const auto& defaults = self(c).defaults;
                    const auto it = defaults.find(self(c).scope(p));
                    send(sink, ctx, it == defaults.end() ? std::string() : it->second);
                });
            },
            [](void* c, const char* p, const char* id, agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] {
                    const std::string platform = self(c).scope(p);
                    if (self(c).vault.count({platform, id}) == 0) {
                        throw sdk::Error(AGORAS_ERR_STORAGE, "no such record to make the default");
                    }
                    self(c).defaults[platform] = id;
                });
            }};
        return table;
    }
    static const agoras_journal_v1& journal_v1_table() {
        static const agoras_journal_v1 table{
            sizeof(agoras_journal_v1), [](void* c, const char* json, agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] { self(c).checkpoints.emplace_back(json != nullptr ? json : ""); });
            }};
        return table;
    }
    static const agoras_cache_v1& cache_v1_table() {
        static const agoras_cache_v1 table{
            sizeof(agoras_cache_v1),
            [](void* c, const char* key, std::int64_t max_age, agoras_string_sink sink, void* ctx, std::int32_t* found,
               agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] {
                    FakeHost& h = self(c);
                    const auto it = h.cache.find({h.scope(nullptr), key});
                    *found = it != h.cache.end() && h.now_ms - it->second.first < max_age * 1000 ? 1 : 0;
                    if (*found != 0) send(sink, ctx, it->second.second);
                });
            },
            [](void* c, const char* key, const char* value, std::size_t size, agoras_string_sink es, void* ec) {
                return guarded_sink(es, ec, [&] {
                    FakeHost& h = self(c);
                    if (size > AGORAS_CACHE_MAX_VALUE) throw sdk::Error(AGORAS_ERR_PLUGIN, "cache value too long");
                    h.cache[{h.scope(nullptr), key}] = {h.now_ms, std::string(value, size)};
                });
            }};
        return table;
    }
    // The fake's callback is on port 3456 unless the plugin names another.
    static std::string fake_redirect_uri(std::uint32_t redirect, std::uint32_t port, const char* callback_path) {
        const std::string at = std::to_string(port == 0 ? 3456 : port);
        const std::string path = callback_path != nullptr ? callback_path : "/callback";
        return redirect == AGORAS_OAUTH_OUT_OF_BAND     ? "urn:ietf:wg:oauth:2.0:oob"
               : redirect == AGORAS_OAUTH_HTTP_LOOPBACK ? "http://127.0.0.1:" + at + path
                                                         : "https://localhost:" + at + path;
    }
    static const agoras_oauth_v2& oauth_v2_table() {
        static const agoras_oauth_v2 table{
            sizeof(agoras_oauth_v2),
            [](void* c, const agoras_oauth_request_v2* request, agoras_string_sink sink, void* ctx, agoras_string_sink es,
               void* ec) {
                return guarded_sink(es, ec, [&] {
                    Json params = Json::object();
                    for (const auto& [name, value] : self(c).oauth_params) params.set(name, value);
                    if (request->pkce != 0) params.set("code_verifier", "FAKE_VERIFIER");
                    params.set("redirect_uri",
                               fake_redirect_uri(request->redirect, request->callback_port, request->callback_path));
                    send(sink, ctx, params.serialize());
                });
            },
            [](void*, uint32_t redirect, const char* path, agoras_string_sink sink, void* ctx, agoras_string_sink es,
               void* ec) {
                return guarded_sink(es, ec, [&] { send(sink, ctx, fake_redirect_uri(redirect, 0, path)); });
            },
            (1u << AGORAS_OAUTH_PROTOCOL_2) | (1u << AGORAS_OAUTH_PROTOCOL_1A)};
        return table;
    }

    std::vector<std::string> platforms_;
    std::string current_platform_;
    agoras_host_services table_{};
};

}  // namespace agoras::testing

#endif
