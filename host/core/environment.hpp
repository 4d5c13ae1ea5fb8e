// Every environment variable the host reads, in one table (ccache's config table): the help and
// docs/reference of environment variables are printed from it, and reading a variable that is not in
// it is a programming error. Plugins declare theirs (agoras.declarations/1 settings, option
// fallbacks), which the platform help lists.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::core {

struct Variable {
    const char* name;
    const char* help;
};

const std::vector<Variable>& host_variables();

// The variable's value; nullopt when unset or empty. Throws std::logic_error for a name that is not
// in host_variables().
std::optional<std::string> env(const char* name);

// AGORAS_OAUTH_PORT: the loopback port of every authorize's callback (default 3456). Throws
// StatusError(AGORAS_ERR_USAGE) unless it is a whole number of 1-65535.
std::uint16_t oauth_port();

// AGORAS_OAUTH_TIMEOUT: how long an authorize waits for the browser, in seconds (1-3600); nullopt when
// unset. Throws StatusError(AGORAS_ERR_USAGE) for anything else.
std::optional<std::uint32_t> oauth_timeout_seconds();

// AGORAS_CLAIM_LEASE: seconds a claim lasts without renewal (1-120); nullopt when unset. Throws
// StatusError(AGORAS_ERR_USAGE) for anything else.
std::optional<std::uint32_t> claim_lease_seconds();

}  // namespace agoras::host::core
