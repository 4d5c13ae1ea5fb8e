// The loopback HTTPS listener that receives the OAuth redirect: 127.0.0.1 only, a run-time
// self-signed certificate, TLS 1.2 or newer, answers /callback and nothing else.
#pragma once

#include "net/oauth_callback.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace agoras::host::net {

class CallbackListener {
public:
    // Listening when the constructor returns. Throws StatusError(AGORAS_ERR_NETWORK) if the port is taken.
    CallbackListener(std::uint16_t port, std::string expected_state);
    ~CallbackListener();  // closes the listener
    CallbackListener(const CallbackListener&) = delete;
    CallbackListener& operator=(const CallbackListener&) = delete;

    // The first code or failure, or nullopt when the deadline passes first.
    std::optional<CallbackOutcome> wait_until(std::chrono::steady_clock::time_point deadline);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace agoras::host::net
