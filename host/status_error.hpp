// The host's exception for failures that end a command: a status (which is the exit code) and a
// message for stderr. Thrown deep inside, caught once at the command boundary in cli/dispatcher. It
// is the SDK's error type, so that one conversion (agoras/sdk/error.hpp) serves both sides.
#pragma once

#include <agoras/sdk/error.hpp>

#include <string>

namespace agoras::host {

using StatusError = agoras::sdk::Error;

inline StatusError usage_error(const std::string& message) { return StatusError(AGORAS_ERR_USAGE, message); }

}  // namespace agoras::host
