// The sandbox's Threads module: an in-memory stand-in for the parts of Meta's Threads API and OAuth
// pages that agoras uses, following Meta's documented rules (container states, limits, error shapes),
// with switches to misbehave on purpose. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

// Faults requested through POST /_sandbox/faults; counters count down as requests consume them.
struct Faults {
    int rate_limit_next = 0;        // Graph code 4 answers (HTTP 400)
    int http_429_next = 0;          // HTTP 429 with Retry-After: 1
    int server_error_next = 0;      // HTTP 500 answers
    int publish_not_ready_next = 0; // 24/4279009 on threads_publish
    int publish_then_fail_next = 0; // publish, then answer 500 anyway (tests against double posting)
    std::int64_t retry_after_s = 1;  // the Retry-After of those 429 answers
    std::int64_t container_delay_ms = 0;
    std::int64_t latency_ms = 0;    // every API request waits this long before it is answered
    std::int64_t video_delay_ms = 0;
    std::string container_error;    // next container ends in ERROR with this error_message
    bool expire_tokens = false;     // every token answers 190 (expired)
    bool deny_consent = false;      // the consent page redirects with error=access_denied
};

// Served at the root of the sandbox (Meta's paths: /oauth/..., /v1.0/..., /refresh_access_token),
// with its controls at /_sandbox/faults, /_sandbox/clock and /_sandbox/state.
class ThreadsModule final : public Module {
public:
    // Accepts the app `app_id`/`app_secret`, whose user is @sandbox_user, and a second app
    // (kSecondAppId, kSecondAppSecret) whose user is @sandbox_user_2: two accounts to post as.
    ThreadsModule(std::string app_id, std::string app_secret);
    static constexpr const char* kSecondAppId = "1234567891";
    static constexpr const char* kSecondAppSecret = "sandbox-app-secret-2";
    const char* name() const override { return "threads"; }
    bool owns(const Request&) const override { return true; }  // the root: whatever no other module claims
    Response handle(const Request& request) override;

private:
    struct App {
        std::string secret, user_id, username;
    };
    struct Token {
        std::string user_id;
        bool long_lived = false;
        std::int64_t issued_at = 0, expires_at = 0;
    };
    struct Container {
        std::string media_type, text, error, reply_to;
        std::vector<std::string> children;
        std::int64_t ready_at_ms = 0;
        bool published = false;
    };
    struct Post {
        std::string media_type, text, reply_to, owner;  // owner: the user id that published it
        bool deleted = false;
        std::int64_t published_ms = 0;
        std::string reposted;  // a repost (REPOST_FACADE): the post it reposts
    };

    Response authorize(const Request& r);
    Response access_token(const Request& r);
    Response exchange(const Request& r);
    Response refresh(const Request& r);
    Response issue_long_lived(const std::string& user_id, std::int64_t now);
    Response graph(const Request& r);
    Response list_threads(const Request& r, const std::string& owner);
    Json state() const;
    Response create_container(const Request& r);
    Response publish(const Request& r, const std::string& owner);
    Response object_status(const std::string& id);
    // nullptr with `error` set when the request's token is missing, unknown or expired.
    const Token* authenticate(const Request& r, Response& error);

    std::int64_t now_ms() const;
    std::string new_id();

    std::mutex mutex_;
    std::map<std::string, App> apps_;  // by app id
    const App* app(const std::string& app_id) const;
    const App* app_of_user(const std::string& user_id) const;
    std::int64_t clock_offset_s_ = 0;
    std::uint64_t next_id_ = 18000000000000001ULL;
    Faults faults_;
    std::map<std::string, std::pair<std::string, std::string>> codes_;  // code -> redirect_uri, app id
    std::map<std::string, Token> tokens_;
    std::map<std::string, Container> containers_;
    std::map<std::string, Post> posts_;
    int publish_calls_ = 0, refresh_calls_ = 0, deletes_ = 0, replies_ = 0;
    int requests_ = 0;  // every API request, control requests excepted
    Controls controls_{"/_sandbox/"};
};

Response graph_error(int http_status, int code, int subcode, const std::string& message,
                     const std::string& type = "OAuthException");

}  // namespace agoras::sandbox
