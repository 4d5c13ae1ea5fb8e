// An authenticated Threads session for one action: credentials resolved, the token refreshed when
// due (one process at a time, by a lease taken under the vault's lock, and never holding that lock
// across the network call: sdk::TokenStore), the user id known.
#pragma once

#include "credentials.hpp"
#include "endpoints.hpp"

#include <graph_client.hpp>

namespace agoras::threads {

struct Session {
    Credentials credentials;
    std::string user_id;  // for URLs ("me" in --dry-run when unknown)
};

// Throws sdk::Error(AGORAS_ERR_AUTH) when no credentials are available or the token is expired.
Session open_session(const sdk::Invocation& call, meta::GraphClient& client);

// Whether `call` has a token to post with (from its options or the vault), without a network call:
// throws sdk::Error(AGORAS_ERR_AUTH) when not, so `post --to` stops before anything is sent.
void require_credentials(const sdk::Invocation& call);

}  // namespace agoras::threads
