// Google's OAuth for installed apps as the sandbox plays it (the consent page and the authorization-code
// and refresh-token grants of /google/token), for the Google accounts of API modules such as YouTube:
// one store for the process, so the Google module issues tokens and the API modules accept them.
#pragma once

#include "module.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace agoras::sandbox {

class GoogleUsers {
public:
    static constexpr const char* kClientId = "sandbox-google-client.apps.googleusercontent.com";
    static constexpr const char* kClientSecret = "sandbox-google-secret";

    static GoogleUsers& shared();

    // GET …/o/oauth2/v2/auth: approves at once, redirecting to the loopback URI with a one-use code.
    Response authorize(const Request& r);
    // POST /google/token with grant_type authorization_code (PKCE S256 checked) or refresh_token.
    Response token(const Request& r);
    // The scopes of a valid access token in an "Authorization: Bearer …" header, or nullopt.
    std::optional<std::string> scopes_of(const std::string& authorization);

    // Switches (the Google module's faults): a consent screen in "Testing" (refresh tokens last 7
    // days), every refresh token revoked, every access token expired.
    void set_testing(bool testing);
    void revoke_refresh_tokens();
    void expire_access_tokens();
    void advance(std::int64_t seconds);
    int refreshes() const;

private:
    struct Code {
        std::string redirect_uri, challenge, scopes;
        bool offline = false;
    };
    struct Refresh {
        std::string scopes;
        std::int64_t expires_at = 0;  // 0: until revoked
    };
    std::int64_t now_s() const;

    mutable std::mutex mutex_;
    std::map<std::string, Code> codes_;
    std::map<std::string, Refresh> refresh_tokens_;
    std::map<std::string, std::pair<std::string, std::int64_t>> access_tokens_;  // -> scopes, expiry
    std::int64_t offset_s_ = 0;
    bool testing_ = false;
    int refreshes_ = 0;
};

}  // namespace agoras::sandbox
