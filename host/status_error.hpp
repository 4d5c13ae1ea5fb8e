// The host's exception for failures that end a command: a status (which is the exit code) and a
// message for stderr. Thrown deep inside, caught once at the command boundary in cli/dispatcher.
#pragma once

#include <agoras/plugin_abi.h>

#include <stdexcept>
#include <string>

namespace agoras::host {

class StatusError : public std::runtime_error {
public:
    StatusError(agoras_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    agoras_status status() const noexcept { return status_; }

private:
    agoras_status status_;
};

inline StatusError usage_error(const std::string& message) { return StatusError(AGORAS_ERR_USAGE, message); }

}  // namespace agoras::host
