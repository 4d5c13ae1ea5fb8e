// A Bluesky session for one action: the one kept in the vault (reused across runs: Bluesky allows 30
// logins per 5 minutes and 300 a day per account), its access token renewed with refreshSession when
// it expires (under the vault's lease, sdk::TokenStore, so parallel runs rotate the refresh token once),
// and a new login only when the refresh token is dead and an app password is at hand.
#pragma once

#include "xrpc.hpp"

#include <agoras/plugin.hpp>

#include <string>

namespace agoras::bluesky {

constexpr const char* kDefaultService = "https://bsky.social";

struct Session {
    std::string identifier;  // the vault record's name: the login identifier, lower-cased
    std::string did;
    std::string handle;
    std::string pds;  // where every call after the login goes
};

// The vault record of a session, as JSON fields.
struct SessionRecord {
    std::string identifier, did, handle, service, pds, access_jwt, refresh_jwt, app_password;
    Json to_json() const;
    static SessionRecord from_json(const Json& json, const std::string& identifier);
};

// Logs in with createSession on `service` (no vault access).
SessionRecord create_session(Xrpc& xrpc, const std::string& service, const std::string& identifier,
                             const std::string& app_password);

// Opens the session for `call` (its --handle, --app-password and --service options, or the vault's
// default account) and points `xrpc` at the account's PDS with its token.
Session open_session(const sdk::Invocation& call, Xrpc& xrpc);

// Whether `call` can open a session (a stored one, or an identifier with an app password), without a
// network call: throws sdk::Error(AGORAS_ERR_AUTH) when not, so `post --to` stops before anything is sent.
void require_login(const sdk::Invocation& call);

// The vault identifier for a login identifier (a handle, with or without '@', or an e-mail address).
std::string identifier_of(const std::string& login);

// The expiry (Unix seconds) in a JWT's payload, or 0 when it has none or is not a JWT.
std::int64_t jwt_expiry(const std::string& jwt);

}  // namespace agoras::bluesky
