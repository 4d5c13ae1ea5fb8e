// The sandbox's Bluesky module: an in-memory AT Protocol entryway (http://127.0.0.1:N/xrpc/, like bsky.social:
// logins and identity only) and PDS (http://localhost:N/xrpc/, named in each session's didDoc), as strict as the
// lexicons: records validated (text in graphemes and bytes, facets on UTF-8 boundaries, blobs by type,
// size and owner, strong references that exist), sessions with expiring access tokens and rotating
// refresh tokens, the login rate limit, and switches to misbehave. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cpprest/json.h>

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

struct BlueskyFaults {
    int rate_limit_next = 0;         // 429 RateLimitExceeded, RateLimit-Reset one second ahead
    int server_error_next = 0;       // 500 InternalServerError, nothing done
    int create_then_fail_next = 0;   // createRecord stores the record, then answers 502
    int invalid_request_next = 0;    // createRecord answers 400 InvalidRequest, nothing stored
    int login_limit = 30;            // createSession calls allowed per account in 5 minutes
    std::int64_t access_lifetime_s = 7200;
};

class BlueskyModule final : public Module {
public:
    BlueskyModule();
    const char* name() const override { return "bluesky"; }
    bool owns(const Request& r) const override;
    Response handle(const Request& request) override;

    static constexpr const char* kHandle = "alice.sandbox.test";
    static constexpr const char* kAppPassword = "abcd-efgh-ijkl-mnop";

private:
    struct Account {
        std::string did, handle, password;
        std::deque<std::int64_t> logins;  // createSession times, for the rate limit
    };
    struct RefreshToken {
        std::string did;
        std::int64_t expires_at = 0;
        std::int64_t rotated_at = 0;  // 0: current; else valid for a grace period after rotation
        bool revoked = false;
    };
    struct Blob {
        std::string owner, mime_type;
        std::size_t size = 0;
        bool has_exif = false;
    };
    struct Record {
        std::string cid;
        web::json::value value;
    };

    Response entryway(const Request& r, const std::string& nsid);
    Response pds(const Request& r, const std::string& nsid);
    Response create_session(const Request& r);
    Response list_records(const Request& r);
    Response refresh_session(const Request& r);
    Response session_answer(const Account& account, const Request& r);  // the didDoc names the PDS r can reach
    Response upload_blob(const Request& r, const Account& account);
    Response create_record(const Request& r, const Account& account);
    Response get_record(const Request& r);
    Response delete_record(const Request& r, const Account& account);
    Json state() const;
    // The account whose access token the request carries, or nullptr with `error` set.
    const Account* authenticate(const Request& r, Response& error);
    // "" when the record is valid, else why not.
    std::string validate(const std::string& collection, const web::json::value& record, const std::string& did);
    std::string validate_post(const web::json::value& record, const std::string& did);
    std::string validate_blob(const web::json::value& blob, const std::string& did, const std::string& accept,
                              std::size_t max_size);
    std::string check_strong_ref(const web::json::value& ref);
    Account* account_by(const std::string& identifier);

    std::int64_t now_s() const;

    std::mutex mutex_;
    std::vector<Account> accounts_;
    std::map<std::string, std::pair<std::string, std::int64_t>> access_tokens_;  // token -> did, expiry
    std::map<std::string, RefreshToken> refresh_tokens_;
    std::map<std::string, Blob> blobs_;     // cid -> blob
    std::map<std::string, Record> records_; // at:// URI -> record
    BlueskyFaults faults_;
    std::int64_t clock_offset_s_ = 0;
    std::uint64_t counter_ = 0;
    int create_session_calls_ = 0, refresh_calls_ = 0, entryway_requests_ = 0, pds_requests_ = 0;
    Controls controls_{"/_sandbox/bluesky/"};
};

}  // namespace agoras::sandbox
