// The sandbox's LinkedIn module at /linkedin: OAuth (exact redirect URI, one-use codes, a standard app
// without refresh tokens or a partner app with a fixed 365-day refresh token), /v2/userinfo, and the
// versioned REST API as strict as LinkedIn's documentation: both version headers on every call with an
// active-version window (426 outside it), member vs page permissions, posts whose commentary is read
// as "little" text (cut at the first unescaped reserved character, as LinkedIn renders it), image and
// document uploads, video uploads in exact byte ranges with ETags and asynchronous processing,
// reshares, reactions, comments and deletes. See docs/sandbox.md.
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

class LinkedInModule final : public Module {
public:
    static constexpr const char* kPrefix = "/linkedin";
    static constexpr const char* kClientId = "sandbox-linkedin-client";
    static constexpr const char* kClientSecret = "sandbox-linkedin-secret";
    static constexpr const char* kMember = "sbxMember01";
    static constexpr const char* kPage = "12345678";       // the member administers it
    static constexpr const char* kOtherPage = "87654321";  // the member has no role there

    LinkedInModule();
    const char* name() const override { return "linkedin"; }
    bool owns(const Request& r) const override {
        return r.path.rfind(std::string(kPrefix) + "/", 0) == 0 || r.path.rfind("/_sandbox/linkedin/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Token {
        std::string member, scopes;
        std::int64_t expires_at = 0;
    };
    struct Asset {
        std::string owner, kind, status = "WAITING_UPLOAD", upload_token;
        std::int64_t size = 0, part_bytes = 0;
        std::vector<std::string> etags;  // per part, in order
        int polls_left = 0;
    };
    struct Post {
        std::string author, commentary, rendered, content_kind, parent;
        std::vector<std::string> media;
        std::vector<std::string> comments;
        std::int64_t created_ms = 0;
        bool deleted = false;
    };

    Response route(const Request& r, const std::string& path);
    Response authorization(const Request& r);
    Response access_token(const Request& r);
    Response rest(const Request& r, const std::string& path, const Token& token);
    Response create_post(const Request& r, const Token& token);
    Response initialize_upload(const Request& r, const std::string& kind, const Token& token);
    Response put_upload(const Request& r, const std::string& path);
    Response finalize_video(const Request& r);
    // Whether `token` may act as `author` (a member as themselves, a page through a role): "" or the refusal.
    std::string may_act_as(const Token& token, const std::string& author) const;
    std::string issue_token(const std::string& member, const std::string& scopes, Json& grant);
    Json state() const;
    std::int64_t now_s() const;

    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::string>> codes_;  // code -> redirect_uri, scopes
    std::map<std::string, Token> tokens_;
    std::map<std::string, std::pair<std::string, std::int64_t>> refresh_tokens_;  // -> scopes, expires_at
    std::map<std::string, Asset> assets_;   // by URN
    std::map<std::string, Post> posts_;     // by URN
    std::string base_url_, redirect_uri_;   // redirect_uri_: the app's ("" any http://127.0.0.1:<port>/callback)
    std::string active_versions_ = "202601,202602,202603,202604,202605,202606,202607";
    std::uint64_t next_id_ = 7400000000000000001ULL;
    std::int64_t clock_offset_s_ = 0, part_bytes_ = 4 << 20;
    std::set<std::string> versions_seen_;
    int rate_limit_next_ = 0, drop_create_answer_next_ = 0, processing_polls_ = 1, calls_ = 0;
    bool partner_ = false, fail_processing_ = false, member_reads_ = false;
    Controls controls_{"/_sandbox/linkedin/"};
};

}  // namespace agoras::sandbox
