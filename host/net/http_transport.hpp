// One HTTP exchange over cpprestsdk, the only place in the host that includes it.
#pragma once

#include "net/http_types.hpp"

namespace agoras::host::net {

// Sends `call` once. Throws StatusError(AGORAS_ERR_NETWORK) when no answer arrived (connection,
// DNS, TLS verification, timeout) and StatusError(AGORAS_ERR_USAGE) for a URL it will not use.
HttpAnswer send_once(const HttpCall& call);

}  // namespace agoras::host::net
