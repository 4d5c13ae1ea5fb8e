#include "session.hpp"

#include "api.hpp"
#include "x.hpp"

#include <iostream>

namespace agoras::x {
namespace {

bool digits(const std::string& s, std::size_t max = 19) {
    return !s.empty() && s.size() <= max && s.find_first_not_of("0123456789") == std::string::npos;
}

// An OAuth 1.0a user token of X starts with the user's id ("12345-abc…"), so an unattended run knows
// whose it is without a paid /2/users/me read.
std::string user_id_of_token(const std::string& token) {
    const std::string prefix = token.substr(0, token.find('-'));
    return token.find('-') != std::string::npos && digits(prefix) ? prefix : "";
}

// The fields of a form-encoded answer (the OAuth endpoints').
std::string form_field(const std::string& body, const std::string& name) {
    for (const auto& [key, value] : sdk::decode_params(body)) {
        if (key == name) return value;
    }
    return "";
}

// One step of the OAuth flow: a signed POST whose protocol parameters are `extra`; the form-encoded answer.
std::string oauth_step(XApi& api, const std::string& path, const sdk::Params& extra, const std::string& doing) {
    XApi::Call step;
    step.method = "POST";
    step.path = path;
    step.oauth_extra = extra;
    step.doing = doing;
    return api.send(step).text;
}

}  // namespace

std::string post_url(const Account& account, const std::string& id) {
    return "https://x.com/" + (account.screen_name.empty() ? std::string("i") : account.screen_name) + "/status/" + id;
}

std::string post_id_of(const std::string& given) {
    if (digits(given)) return given;
    std::string rest = given;
    for (const char* prefix : {"https://", "http://"}) {
        if (rest.rfind(prefix, 0) == 0) rest = rest.substr(std::string(prefix).size());
    }
    if (rest.rfind("www.", 0) == 0) rest = rest.substr(4);
    if (rest.rfind("mobile.", 0) == 0) rest = rest.substr(7);
    const bool ours = rest.rfind("x.com/", 0) == 0 || rest.rfind("twitter.com/", 0) == 0;
    const auto status = rest.find("/status/");
    if (ours && status != std::string::npos) {
        std::string id = rest.substr(status + 8);
        id = id.substr(0, id.find_first_of("/?#"));
        if (digits(id)) return id;
    }
    refuse("--post-id must be a post id or an x.com or twitter.com status URL, not '" + given + "'");
}

Account account_of(const sdk::Invocation& call) {
    Account a;
    a.keys.consumer_key = call.get_or("consumer-key", "");
    a.keys.consumer_secret = call.get_or("consumer-secret", "");
    a.keys.token = call.get_or("oauth-token", "");
    a.keys.token_secret = call.get_or("oauth-secret", "");
    if (!a.keys.consumer_key.empty() && !a.keys.consumer_secret.empty() && !a.keys.token.empty() && !a.keys.token_secret.empty()) {
        a.user_id = user_id_of_token(a.keys.token);
        return a;
    }
    const sdk::Host& host = call.host();
    const std::string identifier = host.vault_default();
    if (const auto stored = identifier.empty() ? std::nullopt : host.vault_get(identifier)) {
        const Json record = Json::parse(*stored);
        return {{record["consumer_key"].text(), record["consumer_secret"].text(), record["oauth_token"].text(),
                 record["oauth_token_secret"].text()},
                record["user_id"].text(),
                record["screen_name"].text()};
    }
    if (call.flag("dry-run")) return {{"CONSUMER_KEY", "CONSUMER_SECRET", "1-TOKEN", "TOKEN_SECRET"}, "1", "dry_run"};
    throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras x authorize --consumer-key KEY', or set TWITTER_CONSUMER_KEY, "
                                      "TWITTER_CONSUMER_SECRET, TWITTER_OAUTH_TOKEN and TWITTER_OAUTH_SECRET");
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const bool dry_run = call.flag("dry-run");
    OAuth1Keys keys{call.require("consumer-key"), call.require("consumer-secret"), "", ""};
    const bool pin = call.flag("no-browser");
    // X wants http://127.0.0.1:<port>/callback exactly as registered in the app's settings.
    const std::string callback = pin ? "oob" : host.oauth_redirect_uri(AGORAS_OAUTH_HTTP_LOOPBACK);

    XApi request_api(host, keys, dry_run);
    const std::string requested =
        oauth_step(request_api, "/oauth/request_token", {{"oauth_callback", callback}}, "asking X for a request token");
    const std::string token = dry_run ? "REQUEST_TOKEN" : form_field(requested, "oauth_token");
    const std::string token_secret = form_field(requested, "oauth_token_secret");
    if (!dry_run && (token.empty() || form_field(requested, "oauth_callback_confirmed") != "true")) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "X's request token answer lacks oauth_token or oauth_callback_confirmed=true");
    }
    host.register_secret(token_secret);
    const std::string authorize_url = sdk::with_query(kAuthorizeUrl.value(), {{"oauth_token", token}});
    std::string verifier = "VERIFIER";
    if (dry_run) {
        host.emit(Json::object().set("dry_run", true).set("method", "GET").set("url", authorize_url));
    } else {
        sdk::OAuthRequest oauth;
        oauth.authorize_url = authorize_url;
        oauth.redirect = pin ? AGORAS_OAUTH_OUT_OF_BAND : AGORAS_OAUTH_HTTP_LOOPBACK;
        oauth.oauth1a = true;
        oauth.timeout_seconds = sdk::oauth_timeout_option(call.get_or("timeout", ""));
        verifier = host.oauth(oauth).code();
    }
    host.register_secret(verifier);

    keys.token = token;
    keys.token_secret = token_secret;
    XApi access_api(host, keys, dry_run);
    const std::string granted = oauth_step(access_api, "/oauth/access_token", {{"oauth_verifier", verifier}},
                                           "exchanging the verifier for an access token");
    if (dry_run) return;
    const std::string user_token = form_field(granted, "oauth_token"), user_secret = form_field(granted, "oauth_token_secret");
    const std::string user_id = form_field(granted, "user_id"), screen_name = form_field(granted, "screen_name");
    host.register_secret(user_token);
    host.register_secret(user_secret);
    if (user_token.empty() || user_secret.empty() || !digits(user_id) || screen_name.empty() ||
        screen_name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "X's access token answer lacks the token, its secret, the user id or a valid screen name");
    }
    host.vault_put(screen_name, Json::object()
                                    .set("consumer_key", keys.consumer_key)
                                    .set("consumer_secret", keys.consumer_secret)
                                    .set("oauth_token", user_token)
                                    .set("oauth_token_secret", user_secret)
                                    .set("user_id", user_id)
                                    .set("screen_name", screen_name)
                                    .serialize());
    host.vault_set_default(screen_name);
    host.emit(Json::object().set("id", user_id).set("username", screen_name).set("url", "https://x.com/" + screen_name).set("authorized", true));
}

}  // namespace agoras::x
