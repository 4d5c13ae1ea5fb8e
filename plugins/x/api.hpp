// Calls to X's API through the host's HTTP service, each signed with OAuth 1.0a: JSON bodies for the
// v2 writes, multipart for media, form bodies for the OAuth endpoints. X's answers mapped to exit codes
// (401: authorize again; 402: credits spent; 403 duplicate content or a tier without the endpoint: X's
// words; 429: the host waits for x-rate-limit-reset, bounded, then exit 4), and --dry-run printing each
// request with what it would cost instead of sending it.
#pragma once

#include "oauth1.hpp"

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/multipart.hpp>

#include <optional>
#include <string>

namespace agoras::x {

inline constexpr sdk::Setting kApiUrl{"AGORAS_X_API_URL", "base URL of X's API (/oauth/..., /2/...; the sandbox, say)",
                                      "https://api.x.com"};
inline constexpr sdk::Setting kAuthorizeUrl{"AGORAS_X_AUTHORIZE_URL", "X's page where the user authorizes agoras",
                                            "https://api.x.com/oauth/authorize"};

// A usage error about what X cannot take, named so.
[[noreturn]] void refuse(const std::string& message);

class XApi {
public:
    XApi(const sdk::Host& host, OAuth1Keys keys, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const sdk::Host& host() const { return host_; }

    struct Body {
        std::optional<Json> json;
        sdk::Params form;
        std::optional<sdk::Multipart> multipart;
        std::string shown;  // how --dry-run shows a multipart body
    };
    struct Call {
        std::string method = "GET";
        std::string path;  // under the API's base URL, query included
        Body body;
        std::string doing;  // "posting", for messages
        bool retry_safe = false;
        std::string cost;   // --dry-run: what X charges for it ("$0.015: a post"), "" when nothing
        sdk::Params oauth_extra;  // oauth_callback, oauth_verifier
        std::uint32_t timeout_ms = 0;
        bool return_errors = false;  // an answer outside 2xx is returned, not thrown
    };
    struct Reply {
        int status = 0;
        Json json;
        std::string text;  // the raw body (the OAuth endpoints answer form-encoded)
    };
    // Sends it; a status outside 2xx is thrown as sdk::Error. A dry run prints it and answers {}.
    Reply send(const Call& call);

    // A fresh id for a dry run's answers ("DRY_RUN_1", ...).
    std::string dry_run_id() { return "DRY_RUN_" + std::to_string(++dry_run_counter_); }

private:
    sdk::Host host_;
    OAuth1Keys keys_;
    bool dry_run_;
    std::string base_;
    int dry_run_counter_ = 0;
};

// The sdk::Error for an answer X refused, naming `doing`.
sdk::Error x_error(int status, const std::string& body, const std::string& doing);

}  // namespace agoras::x
