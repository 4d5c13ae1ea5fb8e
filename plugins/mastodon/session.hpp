// Whose account a Mastodon action uses: the options' instance and token, else the vault's account
// (the default, or the one `post --to mastodon:ACCOUNT` names); and `authorize`, which registers agoras
// on the instance once and stores the account.
#pragma once

#include <agoras/plugin.hpp>

#include <string>

namespace agoras::mastodon {

struct Account {
    std::string instance, token, acct;
};

// Throws sdk::Error(AGORAS_ERR_AUTH) when there is none (but for a dry run). No network call.
Account account_of(const sdk::Invocation& call);

// The instance's host (and port, and path), as vault identifiers allow it.
std::string instance_key(const std::string& instance);

}  // namespace agoras::mastodon
