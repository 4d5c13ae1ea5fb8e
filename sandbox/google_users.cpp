#include "google_users.hpp"

#include "util.hpp"

#include <agoras/sdk/encoding.hpp>
#include <agoras/sdk/url.hpp>

#include <openssl/sha.h>

#include <chrono>

namespace agoras::sandbox {
namespace {

Response oauth_error(int status, const std::string& error, const std::string& description) {
    return json_response(status, Json::object().set("error", error).set("error_description", description));
}

std::string s256(const std::string& verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    return sdk::base64url_encode(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

// Desktop clients may use any loopback port, on 127.0.0.1 or localhost, over plain http.
bool loopback(const std::string& uri) {
    for (const char* prefix : {"http://127.0.0.1:", "http://localhost:", "http://[::1]:"}) {
        if (uri.rfind(prefix, 0) == 0) return true;
    }
    return false;
}

}  // namespace

GoogleUsers& GoogleUsers::shared() {
    static GoogleUsers users;
    return users;
}

std::int64_t GoogleUsers::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + offset_s_;
}

Response GoogleUsers::authorize(const Request& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (param(r, "client_id") != kClientId) return oauth_error(401, "invalid_client", "The OAuth client was not found.");
    const std::string redirect = param(r, "redirect_uri");
    if (!loopback(redirect)) return oauth_error(400, "invalid_request", "redirect_uri must be a loopback address for a desktop client");
    if (param(r, "response_type") != "code" || param(r, "scope").empty() || param(r, "state").empty()) {
        return oauth_error(400, "invalid_request", "response_type=code, scope and state are required");
    }
    if (param(r, "code_challenge").empty() || param(r, "code_challenge_method") != "S256") {
        return oauth_error(400, "invalid_request", "a PKCE S256 code_challenge is required");
    }
    const std::string code = "4/" + random_text(40);
    codes_[code] = Code{redirect, param(r, "code_challenge"), param(r, "scope"),
                        param(r, "access_type") == "offline" && param(r, "prompt") == "consent"};
    Response response;
    response.status = 302;
    response.content_type = "text/html";
    response.headers.emplace_back("Location", redirect + "?state=" + sdk::percent_encode(param(r, "state")) + "&code=" +
                                                  sdk::percent_encode(code) + "&scope=" + sdk::percent_encode(param(r, "scope")));
    return response;
}

Response GoogleUsers::token(const Request& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (param(r, "client_id") != kClientId || param(r, "client_secret") != kClientSecret) {
        return oauth_error(401, "invalid_client", "Unauthorized");
    }
    Json answer = Json::object().set("token_type", "Bearer").set("expires_in", 3599);
    const auto issue = [&](const std::string& scopes) {
        const std::string access = "ya29." + random_text(60);
        access_tokens_[access] = {scopes, now_s() + 3599};
        answer.set("access_token", access).set("scope", scopes);
    };
    if (param(r, "grant_type") == "authorization_code") {
        const auto code = codes_.find(param(r, "code"));
        if (code == codes_.end()) return oauth_error(400, "invalid_grant", "Malformed auth code.");
        const Code granted = code->second;
        codes_.erase(code);  // one use
        if (granted.redirect_uri != param(r, "redirect_uri")) return oauth_error(400, "redirect_uri_mismatch", "Bad Request");
        if (s256(param(r, "code_verifier")) != granted.challenge) return oauth_error(400, "invalid_grant", "Invalid code verifier.");
        issue(granted.scopes);
        if (granted.offline) {
            const std::string refresh = "1//" + random_text(60);
            refresh_tokens_[refresh] = Refresh{granted.scopes, testing_ ? now_s() + 7 * 86400 : 0};
            answer.set("refresh_token", refresh);
        }
        return json_response(200, answer);
    }
    if (param(r, "grant_type") == "refresh_token") {
        const auto refresh = refresh_tokens_.find(param(r, "refresh_token"));
        if (refresh == refresh_tokens_.end() || (refresh->second.expires_at != 0 && refresh->second.expires_at <= now_s())) {
            return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
        }
        ++refreshes_;
        issue(refresh->second.scopes);  // no refresh_token in the answer: Google's refresh tokens do not rotate
        return json_response(200, answer);
    }
    return oauth_error(400, "unsupported_grant_type", "Invalid grant_type: " + param(r, "grant_type"));
}

std::optional<std::string> GoogleUsers::scopes_of(const std::string& authorization) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (authorization.rfind("Bearer ", 0) != 0) return std::nullopt;
    const auto found = access_tokens_.find(authorization.substr(7));
    if (found == access_tokens_.end() || found->second.second <= now_s()) return std::nullopt;
    return found->second.first;
}

void GoogleUsers::set_testing(bool testing) {
    std::lock_guard<std::mutex> lock(mutex_);
    testing_ = testing;
}
void GoogleUsers::revoke_refresh_tokens() {
    std::lock_guard<std::mutex> lock(mutex_);
    refresh_tokens_.clear();
}
void GoogleUsers::expire_access_tokens() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [token, grant] : access_tokens_) grant.second = now_s() - 1;
}
void GoogleUsers::advance(std::int64_t seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    offset_s_ += seconds;
}
int GoogleUsers::refreshes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return refreshes_;
}

}  // namespace agoras::sandbox
