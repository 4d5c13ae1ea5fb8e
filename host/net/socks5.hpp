// A tunnel through a SOCKS5 proxy (RFC 1928), logging in with a user name and password (RFC 1929) when the
// proxy URL has them. What socks5:// and socks5h:// in https_proxy or all_proxy lead to (net/proxy.hpp).
#pragma once

#include "net/proxy.hpp"
#include "net/wire.hpp"

#include <cstdint>
#include <string>

namespace agoras::host::net {

// Where the proxy is to connect: `address` (4 or 16 bytes, network order) when set, else `name`, which the proxy
// looks up itself.
struct Socks5Destination {
    std::string address;
    std::string name;  // the target's host, named in errors too
    std::uint16_t port = 0;
};

// Asks the proxy, over `wire` (connected to it, nothing sent yet), for a tunnel to `destination`. Reads no byte
// past the proxy's answer, so TLS can start at once. Throws WireError when the proxy refuses or answers amiss.
void socks5_connect(Wire& wire, const Proxy& proxy, const Socks5Destination& destination, Deadline deadline);

}  // namespace agoras::host::net
