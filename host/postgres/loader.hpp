// Opens the stores kept in PostgreSQL through libagoras-postgres.so, which lies next to the services
// library (lib/agoras/) and is loaded only when AGORAS_STATE_URL or AGORAS_VAULT_URL is set. (Built
// into the services library; the rest of postgres/ is the PostgreSQL library itself.)
#pragma once

#include "state/store.hpp"
#include "vault/vault_store.hpp"

#include <memory>
#include <string>

namespace agoras::host::postgres {

// Each throws StatusError: exit 2 for a malformed URL, 8 when PostgreSQL cannot be used (or, for the
// vault, AGORAS_VAULT_KEY is missing), 1 when the library is missing.
std::unique_ptr<state::Store> open_postgres_state(const std::string& url);
std::unique_ptr<vault::VaultStore> open_postgres_vault(const std::string& url);

}  // namespace agoras::host::postgres
