// The HTTP proxy an https request goes through, from the environment as curl and most tools read it:
// https_proxy (or HTTPS_PROXY, all_proxy, ALL_PROXY) = http://[user:password@]host[:port], minus the hosts in
// no_proxy (NO_PROXY): names and their subdomains, addresses, or "*". Loopback hosts never use one.
#pragma once

#include "net/url_policy.hpp"

#include <optional>
#include <string>

namespace agoras::host::net {

struct Proxy {
    std::string host, port;
    std::string authorization;  // "Basic …" when the proxy URL has credentials, else ""
};

// Throws StatusError(AGORAS_ERR_USAGE) for a proxy variable agoras cannot use.
std::optional<Proxy> proxy_for(const RequestTarget& target);

}  // namespace agoras::host::net
