// A connection to an HTTP server: a TCP socket, with TLS over it for https, in which every step (name lookup,
// connect, handshake, each read and write) ends by a deadline. What the HTTP transport sends and reads through.
#pragma once

#include "net/proxy.hpp"
#include "net/url_policy.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

typedef struct ssl_st SSL;

namespace agoras::host::net {

using Deadline = std::chrono::steady_clock::time_point;

// A step failed; `timed_out` when it was the deadline that ended it, `permanent` when trying again would fail
// the same way (a certificate that is not trusted, a login the proxy refused).
class WireError : public std::runtime_error {
public:
    WireError(const std::string& message, bool timed_out = false, bool permanent = false)
        : std::runtime_error(message), timed_out_(timed_out), permanent_(permanent) {}
    bool timed_out() const noexcept { return timed_out_; }
    bool permanent() const noexcept { return permanent_; }

private:
    bool timed_out_, permanent_;
};

class Wire {
public:
    // Looks up target.host (or the proxy's, from net/proxy.hpp's proxy_for, and asks it for a tunnel), connects
    // to its addresses in turn (connecting ends by `connect_deadline`, everything by `deadline`) and, for https,
    // makes the TLS handshake: the certificate must chain to a trusted CA (net/trust_store.hpp: OpenSSL's
    // defaults, SSL_CERT_FILE and SSL_CERT_DIR) and name the host. Every socket is close-on-exec.
    static std::unique_ptr<Wire> open(const RequestTarget& target, const std::optional<Proxy>& proxy,
                                      Deadline connect_deadline, Deadline deadline);
    ~Wire();
    Wire(const Wire&) = delete;
    Wire& operator=(const Wire&) = delete;

    void send(const char* data, std::size_t size, Deadline deadline);
    // Up to `size` bytes as soon as some arrive; 0 when the server closed the connection.
    std::size_t receive(char* buffer, std::size_t size, Deadline deadline);
    // Still open, with nothing unread waiting: fit to carry another request.
    bool idle();

private:
    Wire(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
    // With `whole_store` false, the trust store may be a directory alone (net/trust_store.hpp).
    static std::unique_ptr<Wire> open(const RequestTarget& target, const std::optional<Proxy>& proxy,
                                      Deadline connect_deadline, Deadline deadline, bool whole_store);
    void tunnel(const RequestTarget& target, const Proxy& proxy, Deadline deadline);
    void handshake(const std::string& host, Deadline deadline, bool whole_store);
    int fd_;
    SSL* ssl_;
};

}  // namespace agoras::host::net
