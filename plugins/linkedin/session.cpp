#include "session.hpp"

#include "linkedin.hpp"

#include <utc_time.hpp>

#include <agoras/sdk/token_store.hpp>

namespace agoras::linkedin {
namespace {

constexpr std::int64_t kRefreshAhead = 24 * 3600;  // refresh a day before the 60 days are up

bool id_like(const std::string& s) {
    return !s.empty() && s.size() <= 64 && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

std::string date_of(std::int64_t unix_seconds) { return text::utc_time(unix_seconds, "%Y-%m-%d"); }

// A grant from /accessToken as the vault keeps it (expiries as Unix times).
Json record_of(const Json& grant, std::int64_t now, Json record) {
    record.set("access_token", grant["access_token"].text()).set("expires_at", now + grant["expires_in"].integer(5184000));
    if (!grant["refresh_token"].text().empty()) {
        record.set("refresh_token", grant["refresh_token"].text())
            .set("refresh_token_expires_at", now + grant["refresh_token_expires_in"].integer(31536000));
    }
    return record;
}

Json refresh(LinkedInApi& api, const std::string& client_id, const std::string& client_secret, const std::string& refresh_token) {
    api.host().register_secret(refresh_token);
    return api.oauth("/accessToken", {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}, {"client_id", client_id},
                                      {"client_secret", client_secret}},
                     "refreshing the access token");
}

// The vault's default account, refreshed when due and possible.
std::optional<Json> stored_account(const sdk::Invocation& call, LinkedInApi& api) {
    const sdk::Host& host = call.host();
    const std::string identifier = host.vault_default();
    if (identifier.empty()) return std::nullopt;
    sdk::RefreshPolicy policy;
    policy.token_field = "access_token";
    policy.due = [](const Json& record, std::int64_t now) {
        return !record["refresh_token"].text().empty() && record["expires_at"].integer() - now < kRefreshAhead &&
               record["refresh_token_expires_at"].integer() > now;
    };
    policy.refresh = [&](const Json& record) {
        sdk::RefreshOutcome outcome;
        const Json grant = refresh(api, record["client_id"].text(), record["client_secret"].text(), record["refresh_token"].text());
        outcome.kind = sdk::RefreshOutcome::Kind::refreshed;
        // A new access token; the refresh token keeps its first expiry (LinkedIn's refreshes do not extend it).
        outcome.record = record;
        outcome.record.set("access_token", grant["access_token"].text())
            .set("expires_at", host.now_unix_ms() / 1000 + grant["expires_in"].integer(5184000));
        return outcome;
    };
    policy.expires_at = [](const Json& record) { return record["expires_at"].integer(); };
    return sdk::TokenStore(host, identifier).get(policy);
}

}  // namespace

std::string post_url(const std::string& urn) { return "https://www.linkedin.com/feed/update/" + urn + "/"; }

std::string post_urn_of(const std::string& given) {
    std::string urn = given;
    const std::string marker = "linkedin.com/feed/update/";
    if (const auto at = given.find(marker); at != std::string::npos && given.rfind("https://", 0) == 0) {
        urn = sdk::percent_decode(given.substr(at + marker.size()), false);
        urn = urn.substr(0, urn.find_first_of("/?#"));
    }
    for (const char* kind : {"urn:li:share:", "urn:li:ugcPost:", "urn:li:activity:"}) {
        const std::string prefix = kind;
        if (urn.rfind(prefix, 0) == 0 && id_like(urn.substr(prefix.size())) &&
            urn.substr(prefix.size()).find_first_not_of("0123456789") == std::string::npos) {
            return urn;
        }
    }
    refuse("--post-id must be a post URN (urn:li:share:…, urn:li:ugcPost:…) or a linkedin.com/feed/update/… URL, not '" + given + "'");
}

Account account_of(const sdk::Invocation& call, LinkedInApi& api) {
    const sdk::Host& host = call.host();
    const std::int64_t now = host.now_unix_ms() / 1000;
    Account a;
    const std::string token = call.get_or("access-token", ""), refresh_token = call.get_or("refresh-token", "");
    if (!token.empty()) {
        a.token = token;
        a.member_id = call.get_or("object-id", "");
    } else if (!refresh_token.empty() && !call.get_or("client-id", "").empty() && !call.get_or("client-secret", "").empty()) {
        a.token = refresh(api, call.get_or("client-id", ""), call.get_or("client-secret", ""), refresh_token)["access_token"].text();
        a.member_id = call.get_or("object-id", "");
    } else if (const auto record = stored_account(call, api)) {
        a.token = (*record)["access_token"].text();
        a.member_id = (*record)["member_id"].text();
        a.name = (*record)["name"].text();
        const std::int64_t expires = (*record)["expires_at"].integer();
        if (expires > 0 && expires <= now) {
            throw sdk::Error(AGORAS_ERR_AUTH, "LinkedIn: the access token expired on " + date_of(expires) +
                                                  " (LinkedIn gives standard apps no refresh token); run 'agoras linkedin authorize'");
        }
    } else if (call.flag("dry-run")) {
        a.token = "ACCESS_TOKEN";
        a.member_id = "MEMBER_ID";
    } else {
        throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras linkedin authorize --client-id ID', or set LINKEDIN_ACCESS_TOKEN");
    }
    api.set_token(a.token);
    const std::string organization = call.get_or("organization", "");
    if (!organization.empty()) {
        if (organization.find_first_not_of("0123456789") != std::string::npos || organization.size() > 19) {
            refuse("--organization must be the page's numeric id (from its admin URL), not '" + organization + "'");
        }
        a.author = "urn:li:organization:" + organization;
        a.organization = true;
        return a;
    }
    if (a.member_id.empty()) a.member_id = api.userinfo("finding the member the token belongs to")["sub"].text();
    if (api.dry_run() && a.member_id.empty()) a.member_id = "MEMBER_ID";
    if (!id_like(a.member_id)) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn: no valid member id for the token");
    a.author = "urn:li:person:" + a.member_id;
    return a;
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    LinkedInApi api(host, call.flag("dry-run"));
    const std::string client_id = call.require("client-id"), client_secret = call.require("client-secret");
    const std::string scopes = call.get_or("scopes", kDefaultScopes);
    const std::string redirect = host.oauth_redirect_uri(AGORAS_OAUTH_HTTP_LOOPBACK);
    std::string base = kAuthUrl.value();
    while (!base.empty() && base.back() == '/') base.pop_back();
    const std::string authorize_url = sdk::with_query(base + "/authorization", {{"response_type", "code"},
                                                                               {"client_id", client_id},
                                                                               {"redirect_uri", redirect},
                                                                               {"scope", scopes}});
    std::string code = "CODE";
    if (api.dry_run()) {
        host.emit(Json::object().set("dry_run", true).set("method", "GET").set("url", authorize_url + "&state=[REDACTED]"));
    } else {
        sdk::OAuthRequest oauth;
        oauth.authorize_url = authorize_url;
        oauth.redirect = AGORAS_OAUTH_HTTP_LOOPBACK;
        oauth.no_browser = call.flag("no-browser");
        oauth.timeout_seconds = sdk::oauth_timeout_option(call.get_or("timeout", ""));
        code = host.oauth(oauth).code();
    }
    const Json grant = api.oauth("/accessToken", {{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", redirect},
                                                  {"client_id", client_id}, {"client_secret", client_secret}},
                                 "exchanging the code");
    if (api.dry_run()) return;
    const std::string token = grant["access_token"].text();
    if (token.empty()) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn's token answer has no access_token");
    api.set_token(token);
    const Json me = api.userinfo("reading the member");
    const std::string member = me["sub"].text();
    if (!id_like(member)) throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn's userinfo has no valid member id (sub)");
    const std::int64_t now = host.now_unix_ms() / 1000;
    const Json record = record_of(grant, now, Json::object()
                                                  .set("client_id", client_id)
                                                  .set("client_secret", client_secret)
                                                  .set("member_id", member)
                                                  .set("name", me["name"].text())
                                                  .set("scopes", scopes));
    host.vault_put(member, record.serialize(), record["expires_at"].integer());
    host.vault_set_default(member);
    if (record["refresh_token"].text().empty()) {
        host.warn("LinkedIn gives standard apps no refresh token: this token expires on " + date_of(record["expires_at"].integer()) +
                  "; run 'agoras linkedin authorize' again before then ('agoras auth status' warns a week ahead)");
    }
    host.emit(Json::object().set("id", member).set("name", me["name"].text()).set("urn", "urn:li:person:" + member)
                  .set("expires_at", record["expires_at"].integer()).set("authorized", true));
}

}  // namespace agoras::linkedin
