// Which credentials an action uses and when its token is refreshed.
//
// Resolution, per field: the option (--app-id, --app-secret, --threads-refresh-token,
// --threads-user-id), which the host already falls back to THREADS_APP_ID, THREADS_APP_SECRET,
// THREADS_REFRESH_TOKEN and THREADS_USER_ID; then the vault record named after the app id, else
// "default". A vault record of another app is never mixed in.
#pragma once

#include <agoras/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace agoras::threads {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kTokenLifetime = 60 * kDay;  // Meta's long-lived tokens
constexpr std::int64_t kExpiryWarning = 7 * kDay;

// How long one process may hold the right to refresh a stored token; longer than any refresh can
// take (four attempts of the 30 s request deadline), so only a crashed refresher's lease runs out.
constexpr std::int64_t kRefreshLease = 150;

struct Credentials {
    std::string app_id, app_secret, token, user_id, username, scopes;
    std::optional<std::int64_t> issued_at, expires_at, last_refresh_at;  // Unix seconds
    // While a process refreshes the stored token (outside the vault's lock), others leave it alone.
    std::optional<std::int64_t> refresh_lease_until;
    std::string vault_identifier;  // the record the token came from; empty for options/environment
};

// The vault record's JSON form, as stored under "<app id>" and "default".
std::string to_record_json(const Credentials& credentials);
Credentials from_record_json(const std::string& json, const std::string& identifier);

Credentials resolve_credentials(const sdk::Invocation& call, const sdk::Host& host);

enum class RefreshDecision {
    refresh,         // at least a day old (or of unknown age), not refreshed in the last day
    too_new,         // Meta refreshes only tokens at least 24 h old
    recently_tried,  // once a day per token is enough
    expired          // past its expiry: only authorize helps
};

RefreshDecision decide_refresh(std::int64_t now, const Credentials& credentials);

}  // namespace agoras::threads
