// The OAuth 2.0 authorization-code step: a fresh random state, the loopback listener up before the
// browser opens, one deadline; or, headless, the URL printed and the redirect URL read from stdin.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace agoras::host::net {

struct OAuthRequest {
    std::string authorize_url;  // everything but state
    std::uint16_t callback_port = 3456;
    std::chrono::seconds timeout{300};
    bool no_browser = false;
};

// Returns the authorization code. Throws StatusError: AGORAS_ERR_AUTH for a refusal, a state mismatch
// or a timeout; AGORAS_ERR_NETWORK when the callback port cannot be used.
std::string obtain_authorization_code(const OAuthRequest& request);

}  // namespace agoras::host::net
