// The proxy an https request goes through, from the environment as curl and most tools read it:
// https_proxy (or HTTPS_PROXY, all_proxy, ALL_PROXY) = SCHEME://[user:password@]host[:port], minus the hosts in
// no_proxy (NO_PROXY): names and their subdomains, addresses, or "*". Loopback hosts never use one. SCHEME is
// http (a CONNECT tunnel), socks5 (a SOCKS5 tunnel to the address agoras looked up) or socks5h (a SOCKS5 tunnel
// to the name, which the proxy looks up: what `ssh -D` and Tor expect).
#pragma once

#include "net/url_policy.hpp"

#include <optional>
#include <string>
#include <utility>

namespace agoras::host::net {

struct Proxy {
    enum class Kind { http, socks5, socks5h };
    Kind kind = Kind::http;
    std::string host, port;
    // From the proxy URL, percent-decoded: sent as Basic credentials to an http proxy, as RFC 1929's user name
    // and password to a SOCKS5 one.
    std::optional<std::pair<std::string, std::string>> credentials;
};

// Throws StatusError(AGORAS_ERR_USAGE) for a proxy variable agoras cannot use.
std::optional<Proxy> proxy_for(const RequestTarget& target);

// What tells one proxy route from another (kind, address, credentials): a kept connection serves only its own.
std::string route_of(const Proxy& proxy);

}  // namespace agoras::host::net
