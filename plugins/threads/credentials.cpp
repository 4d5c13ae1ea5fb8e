#include "credentials.hpp"

namespace agoras::threads {
namespace {

std::optional<std::int64_t> json_time(const Json& object, const char* name) {
    if (!object[name].is_number()) return std::nullopt;
    return object[name].integer();
}

void fill(std::string& target, const std::string& source) {
    if (target.empty()) target = source;
}

// The record of `identifier`, or of the default account; nullopt when there is none.
std::optional<Credentials> stored(const sdk::Host& host, const std::string& app_id) {
    // The default account is a pointer (ABI 1.1); vaults written before it hold a twin record
    // named "default", which reading "default" still finds.
    const std::string identifier = !app_id.empty() ? app_id : host.vault_default();
    const std::string name = identifier.empty() ? std::string("default") : identifier;
    const auto json = host.vault_get(name);
    if (!json) return std::nullopt;
    return from_record(Json::parse(*json), name);
}

}  // namespace

Json to_record(const Credentials& c) {
    Json record = Json::object();
    record.set("app_id", c.app_id).set("app_secret", c.app_secret).set("refresh_token", c.token);
    record.set("user_id", c.user_id).set("username", c.username).set("scopes", c.scopes);
    if (c.issued_at) record.set("token_issued_at", *c.issued_at);
    if (c.expires_at) record.set("token_expires_at", *c.expires_at);
    if (c.last_refresh_at) record.set("last_refresh_at", *c.last_refresh_at);
    return record;
}

Credentials from_record(const Json& object, const std::string& identifier) {
    Credentials c;
    c.app_id = object["app_id"].text();
    c.app_secret = object["app_secret"].text();
    c.token = object["refresh_token"].text();
    c.user_id = object["user_id"].text();  // a string, or a number as the original stored it
    c.username = object["username"].text();
    c.scopes = object["scopes"].text();
    c.issued_at = json_time(object, "token_issued_at");
    c.expires_at = json_time(object, "token_expires_at");
    c.last_refresh_at = json_time(object, "last_refresh_at");
    c.vault_identifier = identifier;
    return c;
}

Credentials resolve_credentials(const sdk::Invocation& call) {
    Credentials given;
    // A target threads:<app id> of `agoras post --to` is the run's default account (the host's doing).
    given.app_id = call.get_or("app-id", "");
    given.app_secret = call.get_or("app-secret", "");
    given.token = call.get_or("threads-refresh-token", "");
    given.user_id = call.get_or("threads-user-id", "");
    if (!given.app_id.empty() && !given.app_secret.empty() && !given.token.empty()) return given;

    const auto record = stored(call.host(), given.app_id);
    if (!record || (!given.app_id.empty() && record->app_id != given.app_id)) return given;

    if (given.token.empty()) {
        // The token, its age and its user all come from the vault record.
        Credentials result = *record;
        fill(result.app_id, given.app_id);
        if (!given.app_secret.empty()) result.app_secret = given.app_secret;
        if (!given.user_id.empty()) result.user_id = given.user_id;
        return result;
    }
    fill(given.app_id, record->app_id);
    fill(given.app_secret, record->app_secret);
    fill(given.user_id, record->user_id);
    if (given.token != record->token) return given;
    // The very token of the record: its age is known, so it is refreshed (and stored) like one from the vault.
    Credentials result = *record;
    result.app_secret = given.app_secret;
    result.user_id = given.user_id;
    return result;
}

RefreshDecision decide_refresh(std::int64_t now, const Credentials& c) {
    if (c.expires_at && now >= *c.expires_at) return RefreshDecision::expired;
    if (c.last_refresh_at && now - *c.last_refresh_at < kDay) return RefreshDecision::recently_tried;
    if (c.issued_at && now - *c.issued_at < kDay) return RefreshDecision::too_new;
    return RefreshDecision::refresh;
}

}  // namespace agoras::threads
