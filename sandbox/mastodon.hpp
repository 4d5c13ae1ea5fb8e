// The sandbox's Mastodon module: one instance at /mastodon (apps, OAuth with PKCE S256 and the
// out-of-band code page, the instance's configuration, statuses with Idempotency-Key, asynchronous
// media, reblogs, favourites, deletes, search, rate-limit headers), as strict as
// docs.joinmastodon.org, with switches to misbehave. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"
#include "util.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

class MastodonModule final : public Module {
public:
    static constexpr const char* kPrefix = "/mastodon";

    MastodonModule();
    const char* name() const override { return "mastodon"; }
    // The instance is at http://127.0.0.1:N/mastodon/ and, for clients that resolve API paths against the host's
    // root (masto, megalodon, toot), at the sandbox's localhost origin too (util.hpp).
    bool owns(const Request& r) const override {
        return r.path.rfind(std::string(kPrefix) + "/", 0) == 0 || r.path.rfind("/_sandbox/mastodon/", 0) == 0 ||
               (for_localhost(r) && (r.path.rfind("/api/v1/", 0) == 0 || r.path.rfind("/api/v2/", 0) == 0 ||
                               r.path.rfind("/oauth/", 0) == 0));
    }
    Response handle(const Request& request) override;

private:
    struct App {
        std::string client_secret, scopes;
        std::vector<std::string> redirect_uris;
    };
    struct Code {
        std::string client_id, redirect_uri, challenge, scopes;
    };
    struct Media {
        std::string type, description;
        std::size_t size = 0;
        int polls_left = 0;  // GETs answering 206 before it is processed
        bool attached = false;
    };
    struct Status {
        std::string text, spoiler, visibility, language, in_reply_to, reblog_of, idempotency_key;
        std::vector<std::string> media;
        bool sensitive = false, favourited = false, deleted = false;
        std::int64_t created_at = 0;
    };

    Response route(const Request& r, const std::string& path);
    Response create_app(const Request& r);
    Response authorize(const Request& r);
    Response token(const Request& r);
    Response create_status(const Request& r);
    Response upload(const Request& r, bool synchronous);  // /api/v2/media, or the older /api/v1/media
    web::json::value account_json() const;
    web::json::value media_json(const std::string& id) const;
    Response status_json(const std::string& id);
    Json state() const;
    bool authenticated(const Request& r) const;
    std::int64_t now_s() const;

    std::mutex mutex_;
    std::map<std::string, App> apps_;          // client_id -> app
    std::map<std::string, Code> codes_;        // code -> grant
    std::map<std::string, std::string> tokens_;// access token -> scopes
    std::map<std::string, Media> media_;
    std::map<std::string, Status> statuses_;
    std::uint64_t next_id_ = 110000000000000001ULL;
    std::string next_code_;                    // the code the next authorization issues ("" random)
    std::string base_url_;
    int max_characters_ = 500, max_media_ = 4, media_polls_ = 0, latency_ms_ = 0;
    bool legacy_ = false;  // no /api/v2/instance (before Mastodon 4.0)
    int rate_limit_next_ = 0, server_error_next_ = 0, create_then_fail_next_ = 0, app_registrations_ = 0, calls_ = 0;
    Controls controls_{"/_sandbox/mastodon/"};
};

}  // namespace agoras::sandbox
