// Calls to the YouTube Data API v3 and Google's OAuth token endpoint through the host's HTTP service:
// the Bearer token on each call, Google's error envelope mapped by its `reason` (quotaExceeded and
// uploadLimitExceeded: exit 4 saying what ran out and when it resets, no retry; 401: authorize again;
// youtubeSignupRequired, forbidden and the rest: Google's words), and --dry-run printing each request.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/http.hpp>
#include <agoras/sdk/url.hpp>

#include <functional>
#include <optional>
#include <string>

namespace agoras::youtube {

inline constexpr sdk::Setting kApiUrl{"AGORAS_YOUTUBE_API_URL", "base URL of the YouTube Data API (/youtube/v3/..., /upload/youtube/v3/...)",
                                      "https://www.googleapis.com"};
inline constexpr sdk::Setting kAuthorizeUrl{"AGORAS_GOOGLE_AUTHORIZE_URL", "Google's OAuth consent page",
                                            "https://accounts.google.com/o/oauth2/v2/auth"};
inline constexpr sdk::Setting kTokenUrl{"AGORAS_GOOGLE_TOKEN_URL", "Google's OAuth token URL", "https://oauth2.googleapis.com/token"};

// A usage error about what YouTube cannot take, named so.
[[noreturn]] void refuse(const std::string& message);

// The sdk::Error for an answer Google refused, naming `doing`.
sdk::Error youtube_error(int status, const std::string& body, const std::string& doing);

class YouTubeApi {
public:
    YouTubeApi(const sdk::Host& host, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const sdk::Host& host() const { return host_; }
    const std::string& base() const { return base_; }
    void set_token(const std::string& token);
    // How to get a new access token when Google refuses the current one (401): called once per run, with
    // the refused token.
    void set_refresher(std::function<std::string(const std::string& rejected)> refresher) { refresher_ = std::move(refresher); }

    // One request; outside 2xx thrown unless `return_errors`. `bearer`: with the access token (all but the
    // token endpoint).
    sdk::HttpResponse call(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing, bool return_errors = false,
                           bool bearer = true);
    Json json(const std::string& method, const std::string& path, const std::optional<Json>& body, const std::string& doing, bool retry_safe);
    // A form POST to the token endpoint.
    Json token(const sdk::Params& form, const std::string& doing);

private:
    sdk::Host host_;
    bool dry_run_;
    std::string base_, token_;
    std::function<std::string(const std::string&)> refresher_;
    bool refreshed_ = false;
};

}  // namespace agoras::youtube
