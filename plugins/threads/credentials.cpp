#include "credentials.hpp"

#include <agoras/json.hpp>

namespace agoras::threads {
namespace {

std::optional<std::int64_t> json_time(const Json& object, const char* name) {
    if (!object[name].is_number()) return std::nullopt;
    return object[name].integer();
}

// Strings, or numbers as their digits: the original stored user_id as a number.
std::string json_text(const Json& object, const char* name) { return object[name].text(); }

void fill(std::string& target, const std::string& source) {
    if (target.empty()) target = source;
}

}  // namespace

std::string to_record_json(const Credentials& c) {
    JsonObject record;
    record.add("app_id", c.app_id).add("app_secret", c.app_secret).add("refresh_token", c.token);
    record.add("user_id", c.user_id).add("username", c.username).add("scopes", c.scopes);
    if (c.issued_at) record.add("token_issued_at", *c.issued_at);
    if (c.expires_at) record.add("token_expires_at", *c.expires_at);
    if (c.last_refresh_at) record.add("last_refresh_at", *c.last_refresh_at);
    if (c.refresh_lease_until) record.add("refresh_lease_until", *c.refresh_lease_until);
    return record.str();
}

Credentials from_record_json(const std::string& json, const std::string& identifier) {
    Credentials c;
    const Json object = Json::parse(json);
    c.app_id = json_text(object, "app_id");
    c.app_secret = json_text(object, "app_secret");
    c.token = json_text(object, "refresh_token");
    c.user_id = json_text(object, "user_id");
    c.username = json_text(object, "username");
    c.scopes = json_text(object, "scopes");
    c.issued_at = json_time(object, "token_issued_at");
    c.expires_at = json_time(object, "token_expires_at");
    c.last_refresh_at = json_time(object, "last_refresh_at");
    c.refresh_lease_until = json_time(object, "refresh_lease_until");
    c.vault_identifier = identifier;
    return c;
}

Credentials resolve_credentials(const sdk::Invocation& call, const sdk::Host& host) {
    Credentials given;
    given.app_id = call.get_or("app-id", "");
    given.app_secret = call.get_or("app-secret", "");
    given.token = call.get_or("threads-refresh-token", "");
    given.user_id = call.get_or("threads-user-id", "");
    if (!given.app_id.empty() && !given.app_secret.empty() && !given.token.empty()) return given;

    std::optional<Credentials> stored;
    for (const std::string& identifier : {given.app_id, std::string("default")}) {
        if (identifier.empty()) continue;
        if (auto json = host.vault_get(identifier)) {
            stored = from_record_json(*json, identifier);
            break;
        }
    }
    if (!stored || (!given.app_id.empty() && stored->app_id != given.app_id)) return given;

    if (given.token.empty()) {
        // The token, its age and its user all come from the vault record.
        Credentials result = *stored;
        fill(result.app_id, given.app_id);
        if (!given.app_secret.empty()) result.app_secret = given.app_secret;
        if (!given.user_id.empty()) result.user_id = given.user_id;
        return result;
    }
    fill(given.app_id, stored->app_id);
    fill(given.app_secret, stored->app_secret);
    fill(given.user_id, stored->user_id);
    if (given.token != stored->token) return given;
    // The very token of the record: its age is known, so it is refreshed (and stored) like one from the vault.
    Credentials result = *stored;
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
