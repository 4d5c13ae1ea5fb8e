// Calls to LinkedIn through the host's HTTP service: the versioned REST API (/rest/..., every call with
// Linkedin-Version and X-Restli-Protocol-Version: 2.0.0), the unversioned /v2/userinfo, the OAuth
// endpoints, and uploads to the URLs LinkedIn hands out. Answers mapped to exit codes (401: authorize
// again; 426: a sunset version, naming AGORAS_LINKEDIN_VERSION; 429: after the host's bounded waits, saying
// that LinkedIn's daily limits reset at midnight UTC; other refusals: LinkedIn's message), and --dry-run printing each
// request instead of sending it.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/http.hpp>
#include <agoras/sdk/url.hpp>

#include <optional>
#include <string>

namespace agoras::linkedin {

inline constexpr sdk::Setting kApiUrl{"AGORAS_LINKEDIN_API_URL", "base URL of LinkedIn's API (/rest/..., /v2/userinfo; the sandbox, say)",
                                      "https://api.linkedin.com"};
inline constexpr sdk::Setting kAuthUrl{"AGORAS_LINKEDIN_AUTH_URL", "base of LinkedIn's OAuth pages (/authorization, /accessToken appended)",
                                       "https://www.linkedin.com/oauth/v2"};
inline constexpr sdk::Setting kVersion{"AGORAS_LINKEDIN_VERSION",
                                       "the Linkedin-Version (YYYYMM) sent with every call, when LinkedIn has sunset agoras's"};

// A usage error about what LinkedIn cannot take, named so.
[[noreturn]] void refuse(const std::string& message);

// The version to send: AGORAS_LINKEDIN_VERSION (checked to be YYYYMM) or the pinned one.
std::string api_version();

class LinkedInApi {
public:
    LinkedInApi(const sdk::Host& host, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const sdk::Host& host() const { return host_; }
    const std::string& base() const { return base_; }
    void set_token(const std::string& token);

    struct Reply {
        int status = 0;
        Json json;
        sdk::HttpResponse raw;
    };
    // A versioned call: `path` under /rest (query included), a JSON body or none. Outside 2xx: thrown,
    // unless `return_errors`.
    Reply rest(const std::string& method, const std::string& path, const std::optional<Json>& body, const std::string& doing,
               bool retry_safe, bool return_errors = false);
    // GET /v2/userinfo (OpenID): the member's `sub` and name.
    Json userinfo(const std::string& doing);
    // A form POST to an OAuth endpoint ("/accessToken") under AGORAS_LINKEDIN_AUTH_URL.
    Json oauth(const std::string& endpoint, const sdk::Params& form, const std::string& doing);
    // PUT of an upload to a URL LinkedIn gave: its ETag ("" when it sent none).
    std::string upload(const std::string& url, std::vector<sdk::BodyPart> body, const std::string& doing);

private:
    // `bearer`: with the access token (all but the OAuth endpoints).
    Reply send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing, bool return_errors, bool bearer = true);

    sdk::Host host_;
    bool dry_run_;
    std::string base_, token_;
};

// The sdk::Error for an answer LinkedIn refused, naming `doing`.
sdk::Error linkedin_error(int status, const std::string& body, const std::string& doing);

}  // namespace agoras::linkedin
