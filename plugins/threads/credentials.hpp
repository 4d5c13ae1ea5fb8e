// Which credentials an action uses and when its token is refreshed.
//
// Resolution, per field: the option (--app-id, --app-secret, --threads-refresh-token,
// --threads-user-id), which the host already falls back to THREADS_APP_ID, THREADS_APP_SECRET,
// THREADS_REFRESH_TOKEN and THREADS_USER_ID; then the vault record named after the app id, else the
// platform's default account. A vault record of another app is never mixed in.
#pragma once

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace agoras::threads {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kTokenLifetime = 60 * kDay;  // Meta's long-lived tokens
constexpr std::int64_t kExpiryWarning = 7 * kDay;

struct Credentials {
    std::string app_id, app_secret, token, user_id, username, scopes;
    std::optional<std::int64_t> issued_at, expires_at, last_refresh_at;  // Unix seconds
    std::string vault_identifier;  // the record the token came from; empty for options/environment
};

// The vault record's JSON form, as stored under "<app id>".
Json to_record(const Credentials& credentials);
Credentials from_record(const Json& record, const std::string& identifier);

Credentials resolve_credentials(const sdk::Invocation& call);

enum class RefreshDecision {
    refresh,         // at least a day old (or of unknown age), not refreshed in the last day
    too_new,         // Meta refreshes only tokens at least 24 h old
    recently_tried,  // once a day per token is enough
    expired          // past its expiry: only authorize helps
};

RefreshDecision decide_refresh(std::int64_t now, const Credentials& credentials);

}  // namespace agoras::threads
