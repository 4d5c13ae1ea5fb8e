// Calls to TikTok's Open API through the host's HTTP service: JSON bodies with the Bearer token, the
// {"data", "error": {"code", "message", "log_id"}} envelope read on every answer (code "ok" is success,
// whatever the HTTP status), TikTok's codes mapped to exit codes (access_token_invalid: authorize again;
// rate_limit_exceeded and spam_risk_*: exit 4; content checks and the rest: TikTok's words), the token
// endpoint's forms, and --dry-run printing each request instead of sending it.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/http.hpp>
#include <agoras/sdk/url.hpp>

#include <functional>
#include <string>

namespace agoras::tiktok {

inline constexpr sdk::Setting kApiUrl{"AGORAS_TIKTOK_API_URL", "base URL of TikTok's Open API (/v2/...; the sandbox, say)",
                                      "https://open.tiktokapis.com"};
inline constexpr sdk::Setting kAuthorizeUrl{"AGORAS_TIKTOK_AUTHORIZE_URL", "TikTok's authorization page",
                                            "https://www.tiktok.com/v2/auth/authorize/"};

// A usage error about what TikTok cannot take, named so.
[[noreturn]] void refuse(const std::string& message);

// The sdk::Error for TikTok's error `code` and `message` (or an HTTP status without an envelope).
sdk::Error tiktok_error(int status, const std::string& code, const std::string& message, const std::string& doing);

class TikTokApi {
public:
    TikTokApi(const sdk::Host& host, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const sdk::Host& host() const { return host_; }
    void set_token(const std::string& token);
    // How to get a new access token when TikTok refuses the current one (access_token_invalid): called
    // once per run, with the refused token.
    void set_refresher(std::function<std::string(const std::string& rejected)> refresher) { refresher_ = std::move(refresher); }

    // POST of JSON to `path` (under the base URL); the answer's `data`. Errors thrown.
    Json post(const std::string& path, const Json& body, const std::string& doing, bool retry_safe);
    // GET of `path` with its query; the answer's `data`.
    Json get(const std::string& path, const std::string& doing);
    // The token endpoint (/v2/oauth/token/, a form); its answer as is.
    Json token(const sdk::Params& form, const std::string& doing);
    // PUT of one chunk to an upload URL TikTok gave.
    void upload_chunk(const std::string& url, std::vector<sdk::BodyPart> body, const std::string& content_type,
                      const std::string& content_range, const std::string& doing);

private:
    Json send(sdk::HttpRequest request, const std::string& shown, const std::string& doing, bool enveloped);

    sdk::Host host_;
    bool dry_run_;
    std::string base_, token_;
    int dry_run_counter_ = 0;
    std::function<std::string(const std::string&)> refresher_;
    bool refreshed_ = false;
};

}  // namespace agoras::tiktok
