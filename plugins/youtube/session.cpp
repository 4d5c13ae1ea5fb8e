// Whose channel a YouTube action uses: YOUTUBE_CLIENT_ID, _SECRET and _REFRESH_TOKEN (a fresh access token
// per run), else the vault's account, whose access token is refreshed when due (Google's refresh tokens
// do not rotate, and a refresh answer without one keeps the stored one); and `authorize`: OAuth for
// installed apps through the host's loopback callback with PKCE S256, offline access and consent.
#include "youtube.hpp"

#include <agoras/sdk/token_store.hpp>

namespace agoras::youtube {
namespace {

constexpr std::int64_t kRefreshAhead = 60;

Json refresh_grant(YouTubeApi& api, const std::string& client_id, const std::string& client_secret, const std::string& refresh_token) {
    api.host().register_secret(refresh_token);
    sdk::Params form{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}, {"client_id", client_id}};
    if (!client_secret.empty()) form.emplace_back("client_secret", client_secret);
    return api.token(form, "refreshing the access token");
}

}  // namespace

std::string video_id_of(const std::string& given) {
    const auto valid = [](const std::string& id) {
        return id.size() >= 6 && id.size() <= 64 &&
               id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
    };
    if (valid(given)) return given;
    std::string id;
    for (const char* marker : {"youtube.com/watch?v=", "youtu.be/", "youtube.com/shorts/", "youtube.com/live/"}) {
        const auto at = given.find(marker);
        if (at != std::string::npos && given.rfind("https://", 0) == 0 && given.find('/', 8) > at) {
            id = given.substr(at + std::string(marker).size());
            id = id.substr(0, id.find_first_of("&?#/"));
        }
    }
    if (!valid(id)) refuse("--post-id must be a video id or a youtube.com / youtu.be URL, not '" + given + "'");
    return id;
}

namespace {

// The vault account's access token, refreshed first when due, or when it is `rejected` (Google ended it
// early). Other runs wait for one refresh under the vault's lock.
std::string vault_token(YouTubeApi& api, const sdk::Host& host, const std::string& identifier, const std::string& rejected) {
    const auto refresh = [&](const Json& record) {
        const Json grant = refresh_grant(api, record["client_id"].text(), record["client_secret"].text(), record["refresh_token"].text());
        Json updated = record;
        updated.set("access_token", grant["access_token"].text())
            .set("access_expires_at", host.now_unix_ms() / 1000 + grant["expires_in"].integer(3599));
        // Google's refresh answers rarely carry a refresh token: the stored one stays unless a new one came.
        if (!grant["refresh_token"].text().empty()) updated.set("refresh_token", grant["refresh_token"].text());
        return updated;
    };
    const auto token = sdk::access_token(host, identifier, refresh, rejected, kRefreshAhead, "access_token");
    if (!token) throw sdk::Error(AGORAS_ERR_AUTH, "the YouTube account was removed meanwhile; run 'agoras youtube authorize'");
    return *token;
}

}  // namespace

void sign_in(const sdk::Invocation& call, YouTubeApi& api) {
    const sdk::Host& host = call.host();
    const std::string client_id = call.get_or("client-id", ""), client_secret = call.get_or("client-secret", "");
    const std::string refresh_token = call.get_or("refresh-token", "");
    if (!client_id.empty() && !refresh_token.empty()) {
        api.set_token(refresh_grant(api, client_id, client_secret, refresh_token)["access_token"].text());
        api.set_refresher([&api, client_id, client_secret, refresh_token](const std::string&) {
            return refresh_grant(api, client_id, client_secret, refresh_token)["access_token"].text();
        });
        return;
    }
    const std::string identifier = host.vault_default();
    if (identifier.empty() || !host.vault_get(identifier)) {
        if (call.flag("dry-run")) return api.set_token("ACCESS_TOKEN");
        throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras youtube authorize --client-id ID', or set YOUTUBE_CLIENT_ID, "
                                          "YOUTUBE_CLIENT_SECRET and YOUTUBE_REFRESH_TOKEN");
    }
    api.set_token(vault_token(api, host, identifier, ""));
    api.set_refresher([&api, host, identifier](const std::string& rejected) { return vault_token(api, host, identifier, rejected); });
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    YouTubeApi api(host, call.flag("dry-run"));
    const std::string client_id = call.require("client-id"), client_secret = call.get_or("client-secret", "");
    const std::string redirect = host.oauth_redirect_uri(AGORAS_OAUTH_HTTP_LOOPBACK);
    const std::string authorize_url = sdk::with_query(kAuthorizeUrl.value(), {{"client_id", client_id},
                                                                            {"redirect_uri", redirect},
                                                                            {"response_type", "code"},
                                                                            {"scope", kScopes},
                                                                            {"access_type", "offline"},
                                                                            {"prompt", "consent"}});
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
    sdk::Params form{{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect}, {"client_id", client_id},
                     {"code_verifier", verifier}};
    if (!client_secret.empty()) form.emplace_back("client_secret", client_secret);
    const Json granted = api.token(form, "exchanging the code");
    if (api.dry_run()) return;
    if (granted["refresh_token"].text().empty()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Google gave no refresh token (was offline access refused?); run the command again");
    }
    api.set_token(granted["access_token"].text());
    const Json channels = api.json("GET", "/youtube/v3/channels?part=snippet&mine=true", std::nullopt, "reading the channel", true);
    const std::string channel = channels["items"][0]["id"].text();
    if (channel.empty()) throw sdk::Error(AGORAS_ERR_REMOTE, "this Google account has no YouTube channel; create one, then authorize again");
    sdk::checked_server_id(channel, "a channel id", "YouTube", "-_");
    const std::string title = channels["items"][0]["snippet"]["title"].text();
    host.vault_put(channel, Json::object()
                                .set("client_id", client_id)
                                .set("client_secret", client_secret)
                                .set("refresh_token", granted["refresh_token"].text())
                                .set("access_token", granted["access_token"].text())
                                .set("access_expires_at", host.now_unix_ms() / 1000 + granted["expires_in"].integer(3599))
                                .set("channel_id", channel)
                                .set("channel_title", title)
                                .serialize());
    host.vault_set_default(channel);
    host.emit(Json::object().set("id", channel).set("title", title).set("url", "https://www.youtube.com/channel/" + channel).set("authorized", true));
}

}  // namespace agoras::youtube
