// Loads lib/agoras/libagoras-services.so (next to the executable's bin/) the first time a command
// needs one of its services, and hands out each area's interface. AGORAS_SERVICES_LIBRARY overrides
// the path (tests).
#pragma once

#include "services/feeds_api.hpp"
#include "services/jq_api.hpp"
#include "services/net_api.hpp"
#include "services/state_api.hpp"
#include "services/vault_api.hpp"
#include "status_error.hpp"

namespace agoras::host::services {

// The interface `id` of the library. Throws StatusError(AGORAS_ERR_GENERIC) when the library is
// missing or broken (an incomplete install).
void* library_service(const char* id);

template <typename Api>
Api& service() {
    static Api* const api = static_cast<Api*>(library_service(Api::kId));
    return *api;
}

inline VaultApi& vault() { return service<VaultApi>(); }
inline NetApi& net() { return service<NetApi>(); }
inline StateApi& state() { return service<StateApi>(); }
inline FeedsApi& feeds() { return service<FeedsApi>(); }
inline JqApi& jq() { return service<JqApi>(); }

// Turns a failed Outcome into the StatusError the command boundary reports.
inline void check(const Outcome& outcome) {
    if (!outcome.ok()) throw StatusError(outcome.status, outcome.message);
}

}  // namespace agoras::host::services
