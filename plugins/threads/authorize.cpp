// `agoras threads authorize`: browser consent, code exchange, long-lived token, /me, vault.
#include "actions.hpp"
#include "credentials.hpp"
#include "endpoints.hpp"
#include "token_endpoints.hpp"

namespace agoras::threads {

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const std::string app_id = call.require("app-id");
    const std::string app_secret = call.require("app-secret");
    const std::string scopes = call.get_or("scopes", kDefaultScopes);
    const std::uint32_t timeout = sdk::oauth_timeout_option(call.get_or("timeout", ""));
    if (app_id.find_first_not_of("0123456789") != std::string::npos) {
        throw sdk::Error(AGORAS_ERR_USAGE, "--app-id must be the numeric Threads app ID, not '" + app_id + "'");
    }

    const Endpoints endpoints = endpoints_from_environment();
    meta::GraphClient client(host, endpoints.graph, threads_service(), call.flag("dry-run"));
    const std::string redirect_uri = host.oauth_redirect_uri(AGORAS_OAUTH_HTTPS_LOOPBACK);  // Meta takes only https
    const std::string authorize_url = sdk::with_query(endpoints.authorize_url, {{"client_id", app_id},
                                                                                {"redirect_uri", redirect_uri},
                                                                                {"scope", scopes},
                                                                                {"response_type", "code"}});
    if (client.dry_run()) {
        host.emit(Json::object().set("dry_run", true).set("method", "GET").set("url", authorize_url + "&state=[REDACTED]"));
        exchange_code(client, app_id, app_secret, redirect_uri, "[REDACTED]");
        exchange_for_long_lived(client, app_secret, "SHORT_LIVED_TOKEN");
        return;
    }

    // The vault must be usable before the user spends minutes in the browser: a change that stores
    // nothing still opens it, checks its key and integrity, and takes (then drops) its write lock.
    host.vault_update(app_id, [](const std::optional<std::string>&) { return std::optional<std::string>(); });

    sdk::OAuthRequest oauth;
    oauth.authorize_url = authorize_url;
    oauth.redirect = AGORAS_OAUTH_HTTPS_LOOPBACK;
    oauth.timeout_seconds = timeout;
    oauth.no_browser = call.flag("no-browser");
    const sdk::OAuthResult grant = host.oauth(oauth);
    const TokenGrant short_lived = exchange_code(client, app_id, app_secret, grant.redirect_uri(), grant.code());
    host.register_secret(short_lived.token);
    const TokenGrant long_lived = exchange_for_long_lived(client, app_secret, short_lived.token);
    client.set_access_token(long_lived.token);
    const Profile profile = fetch_profile(client);

    const std::int64_t now = host.now_unix_ms() / 1000;
    Credentials c;
    c.app_id = app_id;
    c.app_secret = app_secret;
    c.token = long_lived.token;
    c.user_id = profile.id.empty() ? short_lived.user_id : profile.id;
    c.username = profile.username;
    c.scopes = scopes;
    c.issued_at = now;
    c.expires_at = now + long_lived.expires_in.value_or(kTokenLifetime);
    // Nothing is stored until every step above has succeeded; the token is stored once, and the
    // default account points at it.
    host.vault_put(app_id, to_record(c).serialize(), *c.expires_at);
    host.vault_set_default(app_id);
    host.vault_delete("default");  // the twin record of agoras before the default pointer, now stale
    host.info("authorized Threads account @" + c.username + " (user id " + c.user_id +
              "); the token is stored in the agoras vault");
    host.emit(Json::object()
                  .set("authorized", true)
                  .set("user_id", c.user_id)
                  .set("username", c.username)
                  .set("expires_at", *c.expires_at));
}

}  // namespace agoras::threads
