// Whose TikTok account a run uses, and `authorize`. TikTok's refresh tokens rotate (a refresh returns a
// new one and the old one stops working), so every refresh happens under the vault's lock and its result
// is stored before use. TIKTOK_REFRESH_TOKEN seeds a vault record the first time; later runs (a cached
// storage directory, or AGORAS_VAULT_URL) continue from the newest token.
#include "tiktok.hpp"

#include <agoras/sdk/token_store.hpp>

#include <openssl/evp.h>

namespace agoras::tiktok {
namespace {

constexpr std::int64_t kRefreshAhead = 120;

// A record id that names a refresh token without keeping it: its SHA-256, shortened.
std::string fingerprint(const std::string& secret) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(secret.data(), secret.size(), digest, &size, EVP_sha256(), nullptr);
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < 8; ++i) out += std::string{hex[digest[i] >> 4], hex[digest[i] & 15]};
    return out;
}

Json refreshed(TikTokApi& api, const Json& record, std::int64_t now) {
    const Json grant = api.token({{"client_key", record["client_key"].text()},
                                  {"client_secret", record["client_secret"].text()},
                                  {"grant_type", "refresh_token"},
                                  {"refresh_token", record["refresh_token"].text()}},
                                 "refreshing the access token");
    if (grant["refresh_token"].text().empty()) throw sdk::Error(AGORAS_ERR_REMOTE, "TikTok's refresh answer has no new refresh token");
    Json updated = record;
    return updated.set("access_token", grant["access_token"].text())
        .set("access_expires_at", now + grant["expires_in"].integer(7200))
        .set("refresh_token", grant["refresh_token"].text())
        .set("refresh_expires_at", now + grant["refresh_expires_in"].integer(15552000));
}

// The account's access token, refreshed first when due or when it is `rejected` (TikTok ended it early).
std::string vault_token(TikTokApi& api, const sdk::Host& host, const std::string& identifier, const std::string& rejected) {
    const auto refresh = [&](const Json& record) {
        const std::int64_t now = host.now_unix_ms() / 1000;
        if (record["refresh_expires_at"].integer() > 0 && record["refresh_expires_at"].integer() <= now) {
            throw sdk::Error(AGORAS_ERR_AUTH, "TikTok's refresh token has expired; run 'agoras tiktok authorize'");
        }
        return refreshed(api, record, now);
    };
    // The refresh token is the field a write-back checks: it rotates with every refresh.
    const auto token = sdk::access_token(host, identifier, refresh, rejected, kRefreshAhead);
    if (!token) throw sdk::Error(AGORAS_ERR_AUTH, "the TikTok account was removed meanwhile; run 'agoras tiktok authorize'");
    return *token;
}

}  // namespace

void sign_in(const sdk::Invocation& call, TikTokApi& api) {
    const sdk::Host& host = call.host();
    const std::string env_refresh = call.get_or("refresh-token", ""), client_key = call.get_or("client-key", "");
    std::string identifier = host.vault_default();
    if (!env_refresh.empty() && !client_key.empty()) {
        // Unattended: one vault record per seed token, holding whatever it rotated into.
        identifier = "env-" + fingerprint(env_refresh);
        if (!host.vault_get(identifier)) {
            const std::int64_t now = host.now_unix_ms() / 1000;
            const Json seed = Json::object().set("client_key", client_key).set("client_secret", call.get_or("client-secret", ""))
                                  .set("refresh_token", env_refresh).set("access_expires_at", 0).set("username", call.get_or("username", ""));
            host.vault_update(identifier, [&](const std::optional<std::string>& current) -> std::optional<std::string> {
                if (current) return std::nullopt;  // another run seeded it meanwhile
                return refreshed(api, seed, now).serialize();
            });
            host.warn("TikTok rotated TIKTOK_REFRESH_TOKEN: the value in the environment is now spent. agoras keeps the new one in the "
                      "vault; keep AGORAS_STORAGE_DIR between runs (or share AGORAS_VAULT_URL) so the next run finds it");
        }
    }
    if (identifier.empty() || !host.vault_get(identifier)) {
        if (call.flag("dry-run")) return api.set_token("ACCESS_TOKEN");
        throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras tiktok authorize --client-key KEY', or set TIKTOK_CLIENT_KEY, "
                                          "TIKTOK_CLIENT_SECRET and TIKTOK_REFRESH_TOKEN");
    }
    api.set_token(vault_token(api, host, identifier, ""));
    api.set_refresher([&api, host, identifier](const std::string& rejected) { return vault_token(api, host, identifier, rejected); });
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    TikTokApi api(host, call.flag("dry-run"));
    const std::string client_key = call.require("client-key"), client_secret = call.require("client-secret");
    const std::string redirect = host.oauth_redirect_uri(AGORAS_OAUTH_HTTP_LOOPBACK);
    const std::string authorize_url = sdk::with_query(kAuthorizeUrl.value(), {{"client_key", client_key},
                                                                            {"scope", kScopes},
                                                                            {"response_type", "code"},
                                                                            {"redirect_uri", redirect}});
    std::string code = "CODE", verifier = "VERIFIER";
    if (api.dry_run()) {
        host.emit(Json::object().set("dry_run", true).set("method", "GET").set("url", authorize_url + "&state=[REDACTED]"));
    } else {
        sdk::OAuthRequest oauth;
        oauth.authorize_url = authorize_url;
        oauth.redirect = AGORAS_OAUTH_HTTP_LOOPBACK;
        oauth.pkce = true;
        oauth.no_browser = call.flag("no-browser");
        oauth.timeout_seconds = sdk::oauth_timeout_option(call.get_or("timeout", ""));
        const sdk::OAuthResult grant = host.oauth(oauth);
        code = grant.code();
        verifier = grant.code_verifier();
    }
    const Json granted = api.token({{"client_key", client_key}, {"client_secret", client_secret}, {"code", code},
                                    {"grant_type", "authorization_code"}, {"redirect_uri", redirect}, {"code_verifier", verifier}},
                                   "exchanging the code");
    if (api.dry_run()) return;
    const std::string scope = "," + granted["scope"].text() + ",";
    for (const char* needed : {"video.publish", "video.upload"}) {
        if (scope.find(std::string(",") + needed + ",") == std::string::npos) {
            host.warn(std::string("TikTok did not grant ") + needed + ": the app needs it approved in the developer portal, and the user "
                      "must consent to it");
        }
    }
    const std::string open_id = sdk::checked_server_id(granted["open_id"].text(), "an open_id", "TikTok", "-_.");
    const std::int64_t now = host.now_unix_ms() / 1000;
    api.set_token(granted["access_token"].text());
    const Json me = api.get("/v2/user/info/?fields=open_id,display_name,username", "reading the account")["user"];
    host.vault_put(open_id, Json::object()
                                .set("client_key", client_key)
                                .set("client_secret", client_secret)
                                .set("open_id", open_id)
                                .set("username", me["username"].text())
                                .set("access_token", granted["access_token"].text())
                                .set("access_expires_at", now + granted["expires_in"].integer(7200))
                                .set("refresh_token", granted["refresh_token"].text())
                                .set("refresh_expires_at", now + granted["refresh_expires_in"].integer(15552000))
                                .set("scope", granted["scope"].text())
                                .serialize());
    host.vault_set_default(open_id);
    host.emit(Json::object().set("id", open_id).set("username", me["username"].text()).set("scope", granted["scope"].text()).set("authorized", true));
}

}  // namespace agoras::tiktok
