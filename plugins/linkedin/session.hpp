// Whose account a LinkedIn action uses, and as whom it posts: LINKEDIN_ACCESS_TOKEN (or a refresh
// through LINKEDIN_CLIENT_ID, _SECRET and _REFRESH_TOKEN), else the vault's account, refreshed when due
// where LinkedIn gave a refresh token; the member by default, or --organization's page. And
// `authorize`: OAuth through the host's loopback callback, then /v2/userinfo for the member id.
#pragma once

#include "api.hpp"

#include <agoras/plugin.hpp>

#include <string>

namespace agoras::linkedin {

constexpr const char* kDefaultScopes = "openid profile w_member_social";

struct Account {
    std::string token, member_id, name;
    std::string author;  // urn:li:person:<member> or urn:li:organization:<id>
    bool organization = false;
};

// Throws sdk::Error(AGORAS_ERR_AUTH) when there is none or it expired (but for a dry run). Sets the
// token on `api`; may call LinkedIn (a refresh, or /v2/userinfo when only a token is known).
Account account_of(const sdk::Invocation& call, LinkedInApi& api);

// A post's address on linkedin.com.
std::string post_url(const std::string& urn);

// A post URN from --post-id: a URN (urn:li:share:…, urn:li:ugcPost:…) or a linkedin.com/feed/update/<urn> URL.
std::string post_urn_of(const std::string& given);

}  // namespace agoras::linkedin
