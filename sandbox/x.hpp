// The sandbox's X module: X's API v2 and its OAuth 1.0a endpoints at /x, as strict as docs.x.com:
// every request's signature verified (nonces single-use, timestamps in a window), the three-legged
// flow and its PIN form, weighted post length, one cashtag, media uploaded simply or in ordered chunks
// with asynchronous processing and only the uploader's ids, the duplicate-content refusal, replies only
// where summoned, likes and quotes refused as on the self-serve tiers, rate-limit headers and 429s,
// credits that run out (402), and a cost meter. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agoras::sandbox {

class XModule final : public Module {
public:
    static constexpr const char* kPrefix = "/x";
    static constexpr const char* kConsumerKey = "sandbox-x-consumer-key";
    static constexpr const char* kConsumerSecret = "sandbox-x-consumer-secret";
    static constexpr const char* kUserId = "1500000000000000001";
    static constexpr const char* kScreenName = "agoras_dev";

    XModule();
    const char* name() const override { return "x"; }
    bool owns(const Request& r) const override {
        return r.path.rfind(std::string(kPrefix) + "/", 0) == 0 || r.path.rfind("/_sandbox/x/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct RequestToken {
        std::string secret, callback, verifier;
        bool authorized = false, used = false;
    };
    struct Media {
        std::string owner, category, type;
        std::int64_t total_bytes = 0, received = 0, expires_at = 0;
        int next_segment = 0, polls_left = 0;
        bool finalized = false, failed = false, used = false;
        std::string alt_text;
    };
    struct Post {
        std::string author, text, reply_to;
        std::vector<std::string> media;
        std::int64_t created_at = 0;
        bool deleted = false;
    };
    struct Costs {
        int posts = 0, posts_with_url = 0, replies = 0, media_metadata = 0, user_reads = 0, owned_reads = 0, deletes = 0;
        std::int64_t spent_mills = 0;  // thousandths of a dollar
    };

    Response route(const Request& r, const std::string& path, const std::string& user);
    // The signed request's user id ("" for the consumer alone), or the refusal.
    std::optional<Response> verify(const Request& r, std::string& user, bool token_required, std::string* request_token = nullptr);
    Response request_token(const Request& r);
    Response authorize(const Request& r);
    Response access_token(const Request& r, const std::string& request_token);
    Response create_post(const Request& r, const std::string& user);
    Response simple_upload(const Request& r, const std::string& user);
    Response initialize(const Request& r, const std::string& user);
    Response append(const Request& r, const std::string& user, const std::string& id);
    Response finalize(const std::string& user, const std::string& id);
    Response media_status(const std::string& user, const std::string& id);
    Response metadata(const Request& r, const std::string& user);
    Response own_posts(const Request& r, const std::string& id);
    Response media_json(const std::string& id, int status);
    // Charges `mills` to the credit balance: false when it is spent (the caller answers 402).
    bool charge(std::int64_t mills);
    Json state() const;
    std::int64_t now_s() const;

    std::mutex mutex_;
    std::map<std::string, RequestToken> request_tokens_;
    std::map<std::string, std::string> access_tokens_;  // token -> secret
    std::map<std::string, std::string> token_users_;    // token -> user id
    std::set<std::string> nonces_;
    std::map<std::string, Media> media_;
    std::map<std::string, Post> posts_;
    std::vector<std::int64_t> post_times_;  // creates and reposts, for the 15-minute and 3-hour windows
    Costs costs_;
    std::uint64_t next_id_ = 1860000000000000001ULL;
    std::int64_t clock_offset_s_ = 0, timestamp_window_s_ = 300, duplicate_window_s_ = 86400, credits_mills_ = 1000000;
    std::string callback_url_;  // the app's registered callback ("" any http://127.0.0.1:<port>/callback)
    std::string next_pin_;      // the PIN the next out-of-band authorization shows ("" random)
    int rate_limit_next_ = 0, drop_create_answer_next_ = 0, create_latency_ms_ = 0, processing_polls_ = 2, posts_per_15m_ = 100,
        posts_per_3h_ = 300, calls_ = 0, bad_signatures_ = 0;
    bool summoned_replies_only_ = true, enterprise_ = false, fail_processing_ = false, hide_from_timeline_ = false;
    Controls controls_{"/_sandbox/x/"};
};

}  // namespace agoras::sandbox
