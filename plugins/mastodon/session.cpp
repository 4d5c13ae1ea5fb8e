#include "session.hpp"

#include "api.hpp"
#include "mastodon.hpp"

#include <algorithm>

namespace agoras::mastodon {

std::string instance_key(const std::string& instance) {
    std::string key = instance.substr(instance.find("://") + 3);
    std::replace(key.begin(), key.end(), '/', '_');
    return key;
}

// --instance/MASTODON_INSTANCE with --access-token/MASTODON_ACCESS_TOKEN, else the vault's default account.
Account account_of(const sdk::Invocation& call) {
    Account a;
    const std::string instance = call.get_or("instance", ""), token = call.get_or("access-token", "");
    if (!instance.empty() && !token.empty()) return {normalize_instance(instance), token, ""};
    const sdk::Host& host = call.host();
    const std::string identifier = host.vault_default();
    if (const auto stored = identifier.empty() ? std::nullopt : host.vault_get(identifier)) {
        const Json record = Json::parse(*stored);
        return {record["instance"].text(), token.empty() ? record["access_token"].text() : token, record["acct"].text()};
    }
    if (call.flag("dry-run")) return {normalize_instance(instance.empty() ? "https://mastodon.example" : instance), "ACCESS_TOKEN", ""};
    throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras mastodon authorize --instance URL', or set "
                                      "MASTODON_INSTANCE and MASTODON_ACCESS_TOKEN");
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const std::string instance = normalize_instance(call.require("instance"));
    MastodonApi api(host, instance, call.flag("dry-run"));
    std::string token = call.get_or("access-token", "");
    if (token.empty()) {
        const std::string scopes = call.get_or("scopes", kDefaultScopes);
        const std::string loopback = host.oauth_redirect_uri(AGORAS_OAUTH_HTTP_LOOPBACK);
        const std::string oob = "urn:ietf:wg:oauth:2.0:oob";
        // One app per instance (and callback port), registered once and kept: any later authorize reuses it.
        const std::string app_identifier = "app:" + instance_key(instance);
        Json app;
        if (const auto stored = api.dry_run() ? std::nullopt : host.vault_get(app_identifier)) {
            app = Json::parse(*stored);
            if (app["redirect_uris"].text() != loopback + "\n" + oob || app["scopes"].text() != scopes) app = Json();
        }
        if (!app.is_object()) {
            const Json registered = api.post("/api/v1/apps", {{"client_name", "agoras"}, {"redirect_uris", loopback + "\n" + oob},
                                                               {"scopes", scopes}, {"website", "https://github.com/LuisAlejandro/agoras"}},
                                             "registering agoras on " + instance);
            app = Json::object()
                      .set("client_id", registered["client_id"].text())
                      .set("client_secret", registered["client_secret"].text())
                      .set("redirect_uris", loopback + "\n" + oob)
                      .set("scopes", scopes);
            if (!api.dry_run()) host.vault_put(app_identifier, app.serialize());
        }
        host.register_secret(app["client_secret"].text());
        const bool out_of_band = call.flag("no-browser");
        const std::string redirect = out_of_band ? oob : loopback;
        const std::string authorize_url = sdk::with_query(instance + "/oauth/authorize", {{"response_type", "code"},
                                                                                         {"client_id", app["client_id"].text()},
                                                                                         {"redirect_uri", redirect},
                                                                                         {"scope", scopes}});
        std::string code = "CODE", verifier = "VERIFIER";
        if (!api.dry_run()) {
            sdk::OAuthRequest oauth;
            oauth.authorize_url = authorize_url;
            oauth.redirect = out_of_band ? AGORAS_OAUTH_OUT_OF_BAND : AGORAS_OAUTH_HTTP_LOOPBACK;
            oauth.pkce = true;
            oauth.timeout_seconds = sdk::oauth_timeout_option(call.get_or("timeout", ""));
            const sdk::OAuthResult grant = host.oauth(oauth);
            code = grant.code();
            verifier = grant.code_verifier();
            host.register_secret(code);
        } else {
            host.emit(Json::object().set("dry_run", true).set("method", "GET").set("url", authorize_url + "&state=[REDACTED]"));
        }
        const Json granted = api.post("/oauth/token", {{"grant_type", "authorization_code"}, {"code", code},
                                                        {"redirect_uri", redirect}, {"client_id", app["client_id"].text()},
                                                        {"client_secret", app["client_secret"].text()}, {"code_verifier", verifier}},
                                      "exchanging the code");
        token = granted["access_token"].text();
    }
    api.set_token(token);
    const Json me = api.get("/api/v1/accounts/verify_credentials", {}, "checking the token").json;
    if (api.dry_run()) return;
    const std::string acct = me["acct"].text();
    const std::string identifier = acct + "@" + instance_key(instance);
    host.vault_put(identifier, Json::object()
                                   .set("instance", instance)
                                   .set("access_token", token)
                                   .set("account_id", me["id"].text())
                                   .set("acct", acct)
                                   .serialize());
    host.vault_set_default(identifier);
    host.emit(Json::object().set("id", me["id"].text()).set("acct", acct).set("url", me["url"].text()).set("authorized", true));
}

}  // namespace agoras::mastodon
