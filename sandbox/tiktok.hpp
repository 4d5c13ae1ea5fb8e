// The sandbox's TikTok module at /tiktok: Login Kit for desktop (a loopback redirect with a port, PKCE,
// one-use codes, refresh tokens that rotate: the old one fails once used), user info, and the Content
// Posting API as strict as TikTok's documentation: scopes per endpoint, creator_info's privacy levels,
// FILE_UPLOAD chunk arithmetic and sequential Content-Range uploads, PULL_FROM_URL only from a verified
// prefix, the status machine with FAILED, 6 inits a minute, the {"data","error"} envelope. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

class TikTokModule final : public Module {
public:
    static constexpr const char* kPrefix = "/tiktok";
    static constexpr const char* kClientKey = "sandboxtiktokkey";
    static constexpr const char* kClientSecret = "sandbox-tiktok-secret";
    static constexpr const char* kOpenId = "sbx-open-id-0001";

    TikTokModule();
    const char* name() const override { return "tiktok"; }
    bool owns(const Request& r) const override {
        return r.path.rfind(std::string(kPrefix) + "/", 0) == 0 || r.path.rfind("/_sandbox/tiktok/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Publish {
        std::string kind, mode, privacy, title, status = "PROCESSING_UPLOAD", fail_reason, post_id;
        std::int64_t size = 0, chunk = 0, chunks = 0, received = 0;
        int polls = 0;
        std::vector<std::string> photos;
    };
    Response authorize(const Request& r);
    Response token(const Request& r);
    Response init(const Request& r, const std::string& kind, const std::string& scopes);
    Response upload(const Request& r, const std::string& publish_id);
    Response status(const Request& r);
    Json state() const;
    std::int64_t now_s() const;

    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::string>> codes_;  // code -> challenge, redirect_uri
    std::map<std::string, std::pair<std::string, std::int64_t>> access_;  // token -> scopes, expiry
    std::map<std::string, std::string> refresh_;   // live refresh token -> scopes
    std::map<std::string, Publish> publishes_;
    std::deque<std::int64_t> inits_;               // times of the recent inits (6 a minute)
    std::string privacy_options_ = "PUBLIC_TO_EVERYONE,MUTUAL_FOLLOW_FRIENDS,FOLLOWER_OF_CREATOR,SELF_ONLY";
    std::string verified_prefix_, fail_reason_, withheld_scope_;
    std::int64_t offset_s_ = 0;
    int processing_polls_ = 1, moderation_polls_ = 0, refreshes_ = 0, spent_refresh_uses_ = 0, calls_ = 0, next_id_ = 1;
    bool unaudited_ = false;
    Controls controls_{"/_sandbox/tiktok/"};
};

}  // namespace agoras::sandbox
