// Sockets on a loopback address, for the servers and probes tests start.
#pragma once

#include <string_view>

namespace agoras::test {

// A socket listening on `address` (an IPv4 loopback address) at a port the kernel picks, written to `port`.
// Throws std::runtime_error when it cannot.
int listen_loopback(int& port, const char* address = "127.0.0.1");

// A socket connected to `port` on 127.0.0.1, or -1 when nothing accepts there.
int connect_loopback(int port);

// Writes all of `bytes`; false once the peer has gone.
bool send_all(int fd, std::string_view bytes);

}  // namespace agoras::test
