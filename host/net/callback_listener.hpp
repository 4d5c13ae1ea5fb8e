// The loopback listener that receives the OAuth redirect: 127.0.0.1 and [::1] on one port (so no
// other local user can take "localhost" on the other family), over TLS with a run-time self-signed
// certificate (TLS 1.2 or newer) or, for RFC 8252 loopback redirects, plain HTTP. It answers
// /callback and nothing else.
//
// It runs in the caller's thread, inside wait_until, with non-blocking sockets and poll(): there are
// no worker threads to crash. Every connection is bounded (count, bytes, time), so a flood of idle
// or half-finished connections from local users delays nothing and cannot exhaust the process.
#pragma once

#include "net/oauth_callback.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace agoras::host::net {

struct ListenerSettings {
    std::string path = "/callback";                  // the only path answered
    std::size_t max_connections = 64;                // beyond this, the oldest connection is dropped
    std::chrono::milliseconds connection_time{5000}; // handshake, request and answer, per connection
    std::size_t max_request_bytes = 8192;            // the request line and headers
};

class CallbackListener {
public:
    // Listening when the constructor returns. Throws StatusError(AGORAS_ERR_NETWORK) if the port is taken.
    CallbackListener(std::uint16_t port, std::string expected_state, bool tls = true, ListenerSettings settings = {},
                     CallbackProtocol protocol = CallbackProtocol::oauth2);
    ~CallbackListener();
    CallbackListener(const CallbackListener&) = delete;
    CallbackListener& operator=(const CallbackListener&) = delete;

    // Serves connections until a callback carrying the expected state arrives (its answer sent) or
    // the deadline passes (nullopt). Callbacks with another state are answered and ignored.
    std::optional<CallbackOutcome> wait_until(std::chrono::steady_clock::time_point deadline);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace agoras::host::net
