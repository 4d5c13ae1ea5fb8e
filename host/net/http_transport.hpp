// One HTTP exchange over libcurl, the only place in the host that includes it.
#pragma once

#include "net/http_types.hpp"
#include "status_error.hpp"

namespace agoras::host::net {

// No usable answer arrived (status AGORAS_ERR_NETWORK). `retryable` is false when sending again
// would end the same way: an answer larger than the request allows. `maybe_delivered`: the request
// went out, so the server may have acted on it (a write's outcome is unknown).
class TransportError : public StatusError {
public:
    TransportError(const std::string& message, bool retryable, bool maybe_delivered = false)
        : StatusError(AGORAS_ERR_NETWORK, message), retryable_(retryable), maybe_delivered_(maybe_delivered) {}
    bool retryable() const noexcept { return retryable_; }
    bool maybe_delivered() const noexcept { return maybe_delivered_; }

private:
    bool retryable_, maybe_delivered_;
};

// Sends `call` once, never following a redirect (a 3xx comes back as an answer with redirect_url
// set). Throws TransportError when no answer arrived within call.timeout (connection, DNS, TLS
// verification, the deadline, or an answer over call.max_response_bytes) and
// StatusError(AGORAS_ERR_USAGE) for a URL it will not use.
HttpAnswer send_once(const HttpCall& call);

}  // namespace agoras::host::net
