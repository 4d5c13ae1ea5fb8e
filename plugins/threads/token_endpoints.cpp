#include "token_endpoints.hpp"

#include "endpoints.hpp"

#include <container_publisher.hpp>

namespace agoras::threads {
namespace {

TokenGrant grant_from(const Json& json, const std::string& doing) {
    TokenGrant grant;
    grant.token = json["access_token"].text();
    grant.user_id = json["user_id"].text();  // Meta sends a number or a string
    if (json["expires_in"].is_number()) {
        grant.expires_in = json["expires_in"].integer();
    }
    if (grant.token.empty()) throw sdk::Error(AGORAS_ERR_REMOTE, "Threads answered " + doing + " without a token");
    return grant;
}

}  // namespace

TokenGrant exchange_code(GraphClient& client, const std::string& app_id, const std::string& app_secret,
                         const std::string& redirect_uri, const std::string& code) {
    const auto json = client.call("POST", client.endpoint().unversioned("oauth/access_token"), {},
                                  {{"client_id", app_id},
                                   {"client_secret", app_secret},
                                   {"grant_type", "authorization_code"},
                                   {"redirect_uri", redirect_uri},
                                   {"code", code}},
                                  "exchanging the authorization code", meta::Auth::none);
    return grant_from(json, "the code exchange");
}

TokenGrant exchange_for_long_lived(GraphClient& client, const std::string& app_secret, const std::string& short_token) {
    const auto json = client.call("GET", client.endpoint().unversioned("access_token"),
                                  {{"grant_type", "th_exchange_token"},
                                   {"client_secret", app_secret},
                                   {"access_token", short_token}},
                                  {}, "exchanging for a long-lived token", meta::Auth::none, meta::Repeat::safe);
    return grant_from(json, "the long-lived token exchange");
}

std::optional<TokenGrant> refresh_long_lived(GraphClient& client, const std::string& token) {
    const auto reply = client.send("GET", client.endpoint().unversioned("refresh_access_token"),
                                   {{"grant_type", "th_refresh_token"}, {"access_token", token}}, {}, meta::Auth::none,
                                   meta::Repeat::safe);
    if (reply.error) {
        if (meta::is_token_invalid(*reply.error) || meta::is_rate_limited(*reply.error)) {
            throw meta::to_error(*reply.error, "refreshing the token", client.service());
        }
        return std::nullopt;
    }
    return grant_from(reply.json, "the token refresh");
}

Profile fetch_profile(GraphClient& client) {
    const auto json = client.get(client.endpoint().api({"me"}), {{"fields", "id,username,name"}},
                                 "reading the account profile (/me)");
    if (client.dry_run()) return {"USER_ID", "USERNAME", ""};  // printed, not sent: there is no answer to read
    if (json["username"].text().empty()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Threads answered /me without the account's username");
    }
    return {meta::checked_graph_id(json["id"].text(), "id for the account", client.service()), json["username"].text(),
            json["name"].text()};
}

}  // namespace agoras::threads
