// Calls to one Mastodon instance's REST API through the host's HTTP service: the bearer token on each
// call, {"error"} answers mapped to exit codes (401: authorize again; 422 and other 4xx: the instance's
// text), throttling left to the host (which waits for X-RateLimit-Reset, bounded), and --dry-run
// printing each request instead of sending it.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/multipart.hpp>
#include <agoras/sdk/url.hpp>

#include <string>

namespace agoras::mastodon {

// An instance URL from what a user types ("mastodon.social", "https://mastodon.social/"): https://
// added when no scheme is given, no trailing slash. Throws USAGE for anything else.
std::string normalize_instance(const std::string& given);

// A usage error about what Mastodon cannot take, named so.
[[noreturn]] void refuse(const std::string& message);

class MastodonApi;

// A status id from --post-id: the id, or a status URL on this instance (…/@user/<id>, …/statuses/<id>),
// or any other instance's, found through search with resolve.
std::string status_id(MastodonApi& api, const std::string& given);

class MastodonApi {
public:
    MastodonApi(const sdk::Host& host, std::string instance, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const std::string& instance() const { return instance_; }
    void set_token(const std::string& token);

    struct Reply {
        int status = 0;
        Json json;
    };
    // A GET; `allow_404` returns the 404 instead of throwing (a feature an older instance lacks).
    Reply get(const std::string& path, const sdk::Params& query, const std::string& doing, bool allow_404 = false);
    // A POST of form parameters. `idempotency_key` non-empty: sent as Idempotency-Key, which makes it
    // safe to send again.
    Json post(const std::string& path, const sdk::Params& form, const std::string& doing,
              const std::string& idempotency_key = {}, bool retry_safe = false);
    Reply post_multipart(const std::string& path, const sdk::Multipart& body, const std::string& shown,
                         const std::string& doing);
    Json remove(const std::string& path, const std::string& doing);

private:
    Reply send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing, bool allow_404);

    sdk::Host host_;
    std::string instance_;
    bool dry_run_;
    std::string token_;
    int dry_run_counter_ = 0;
};

}  // namespace agoras::mastodon
