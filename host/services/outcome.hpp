// How a call into libagoras-services.so reports failure: exceptions never cross the library boundary.
#pragma once

#include <agoras/agoras.h>
#include <agoras/sdk/error.hpp>

#include <string>
#include <utility>

namespace agoras::host::services {

struct Outcome {
    agoras_status status = AGORAS_OK;
    std::string message;
    bool ok() const { return status == AGORAS_OK; }
};

// Runs `body` (inside the library), turning every exception into an Outcome.
template <typename Body>
Outcome guarded(Body&& body) noexcept {
    Outcome outcome;
    outcome.status = sdk::detail::convert_exceptions(
        AGORAS_ERR_GENERIC, [&](const char* message) noexcept { outcome.message = message; }, std::forward<Body>(body));
    return outcome;
}

}  // namespace agoras::host::services
