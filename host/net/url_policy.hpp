// Which URLs the host will send requests to, and how URLs appear in messages.
#pragma once

#include <string>

namespace agoras::host::net {

// https:// anywhere; http:// only to a loopback host (127.0.0.0/8, ::1, localhost). Throws
// StatusError(AGORAS_ERR_USAGE) otherwise.
void require_allowed_url(const std::string& url);

// Scheme, host and path of `url`, without query or fragment: safe to show in messages.
std::string describe_endpoint(const std::string& url);

}  // namespace agoras::host::net
