// The OAuth 2.0 authorization-code step (and OAuth 1.0a's verifier step): a fresh random state (and, when asked, a PKCE S256
// challenge), the loopback listener up before the browser opens, one deadline; or, headless, the
// URL printed and the redirect URL (or, out of band, the code itself) read from stdin.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace agoras::host::net {

struct OAuthRequest {
    std::string authorize_url;  // everything but state and the PKCE challenge
    enum class Redirect { https_loopback, http_loopback, out_of_band } redirect = Redirect::https_loopback;
    std::uint16_t callback_port = 3456;
    std::string callback_path = "/callback";
    std::chrono::seconds timeout{300};
    bool no_browser = false;
    bool pkce = false;
    // OAuth 1.0a: authorize_url already names the request token (oauth_token=...), which stands for
    // the state; nothing is added to the URL, and the verifier comes back as "code".
    bool oauth1a = false;
};

// Every callback parameter ("code", "state", ...), plus "redirect_uri" and, with PKCE, "code_verifier".
using OAuthGrant = std::map<std::string, std::string>;

// Throws StatusError: AGORAS_ERR_AUTH for a refusal or a timeout; AGORAS_ERR_NETWORK when the
// callback port cannot be used.
OAuthGrant authorize(const OAuthRequest& request);

// The redirect URI that `request` makes: https://localhost:P/callback, http://127.0.0.1:P/callback
// or urn:ietf:wg:oauth:2.0:oob. Inline: the executable answers it without the network library.
inline std::string redirect_uri_of(const OAuthRequest& request) {
    const std::string port = std::to_string(request.callback_port);
    switch (request.redirect) {
    case OAuthRequest::Redirect::https_loopback: return "https://localhost:" + port + request.callback_path;
    case OAuthRequest::Redirect::http_loopback: return "http://127.0.0.1:" + port + request.callback_path;
    case OAuthRequest::Redirect::out_of_band: return "urn:ietf:wg:oauth:2.0:oob";
    }
    return "";
}

// PKCE (RFC 7636): the S256 challenge of a verifier.
std::string pkce_challenge(const std::string& verifier);

}  // namespace agoras::host::net
