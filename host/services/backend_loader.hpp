// Loads lib/agoras/libagoras-services.so (next to the executable's bin/) the first time a command
// needs the vault, HTTP or OAuth. AGORAS_SERVICES_LIBRARY overrides the path (tests).
#pragma once

#include "services/backend.hpp"
#include "status_error.hpp"

namespace agoras::host::services {

// Throws StatusError(AGORAS_ERR_GENERIC) when the library is missing or broken (an incomplete install).
Backend& backend();

// Turns a failed Outcome into the StatusError the command boundary reports.
inline void check(const Outcome& outcome) {
    if (!outcome.ok()) throw StatusError(outcome.status, outcome.message);
}

}  // namespace agoras::host::services
