// Meta's token endpoints (unversioned) and the profile call that confirms a token.
#pragma once

#include <graph_client.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace agoras::threads {

using meta::GraphClient;

struct TokenGrant {
    std::string token;
    std::string user_id;                  // only from the code exchange
    std::optional<std::int64_t> expires_in;  // seconds
};

struct Profile {
    std::string id, username, name;
};

// POST /oauth/access_token: the authorization code for a short-lived token.
TokenGrant exchange_code(GraphClient& client, const std::string& app_id, const std::string& app_secret,
                         const std::string& redirect_uri, const std::string& code);
// GET /access_token?grant_type=th_exchange_token: a short-lived token for a 60-day one.
TokenGrant exchange_for_long_lived(GraphClient& client, const std::string& app_secret, const std::string& short_token);
// GET /refresh_access_token?grant_type=th_refresh_token. Throws sdk::Error(AGORAS_ERR_AUTH) when Meta
// says the token is expired or revoked; returns nullopt when Meta declines for another reason (for
// example a token younger than 24 h).
std::optional<TokenGrant> refresh_long_lived(GraphClient& client, const std::string& token);
// GET /me?fields=id,username,name with the client's token.
Profile fetch_profile(GraphClient& client);

}  // namespace agoras::threads
