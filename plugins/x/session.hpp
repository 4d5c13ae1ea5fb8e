// Whose account an X action uses: the four TWITTER_* credentials (unattended), else the vault's
// account (the default, or the one `post --to x:ACCOUNT` names); and `authorize`, the OAuth 1.0a
// three-legged flow (or its PIN form) that stores the account.
#pragma once

#include "oauth1.hpp"

#include <agoras/plugin.hpp>

#include <string>

namespace agoras::x {

struct Account {
    OAuth1Keys keys;
    std::string user_id, screen_name;  // screen name "" when only the token is known
};

// Throws sdk::Error(AGORAS_ERR_AUTH) when there is none (but for a dry run). No network call.
Account account_of(const sdk::Invocation& call);

// A post's address: https://x.com/<screen name>/status/<id> (x.com/i/status/<id> without a name).
std::string post_url(const Account& account, const std::string& id);

// A post id from --post-id: the id, or an x.com or twitter.com status URL.
std::string post_id_of(const std::string& given);

}  // namespace agoras::x
