// Opens the PostgreSQL state store through libagoras-postgres.so, which lies next to the services
// library (lib/agoras/); loaded only when AGORAS_STATE_URL is set.
#pragma once

#include "state/store.hpp"

#include <memory>
#include <string>

namespace agoras::host::state {

// Throws StatusError: exit 2 for a malformed URL, 8 when PostgreSQL cannot be used, 1 when the library is missing.
std::unique_ptr<Store> open_postgres_state(const std::string& url);

}  // namespace agoras::host::state
