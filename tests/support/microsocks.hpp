// microsocks (Debian's SOCKS5 server) on a free loopback port, requiring a user name and password, for as long
// as the object lives: a real proxy for the transport's SOCKS5 tests.
#pragma once

#include <string>
#include <sys/types.h>

namespace agoras::test {

class Microsocks {
public:
    Microsocks(const std::string& user, const std::string& password);  // returns once it listens
    ~Microsocks();  // SIGTERM, then waits
    Microsocks(const Microsocks&) = delete;
    Microsocks& operator=(const Microsocks&) = delete;

    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace agoras::test
