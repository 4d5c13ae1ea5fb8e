#include "net/wire.hpp"

#include "net/proxy.hpp"
#include "net/socks5.hpp"
#include "net/trust_store.hpp"
#include "core/crypto.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace agoras::host::net {
namespace {

// Waits until `fd` is ready for `events`, or throws at the deadline.
void wait_for(int fd, short events, Deadline deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) throw WireError("timed out", true);
        pollfd ready{fd, events, 0};
        const int n = poll(&ready, 1, static_cast<int>(std::min<long long>(left.count() + 1, 60'000)));
        if (n > 0) return;
        if (n < 0 && errno != EINTR) throw WireError(std::string("poll: ") + std::strerror(errno));
    }
}

struct AddressList {
    addrinfo* list = nullptr;
    int rc = 0;
    ~AddressList() {
        if (list != nullptr) freeaddrinfo(list);
    }
};

// The host's addresses. getaddrinfo cannot be interrupted, so a name (not an address) is looked up on a thread of
// its own, which is left to finish alone when the deadline comes first.
std::shared_ptr<AddressList> resolve(const std::string& host, const std::string& port, Deadline deadline) {
    auto numeric = std::make_shared<AddressList>();
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &numeric->list) == 0) return numeric;
    numeric->list = nullptr;

    struct Lookup {
        std::mutex mutex;
        std::condition_variable done_cv;
        bool done = false;
        std::shared_ptr<AddressList> result = std::make_shared<AddressList>();
    };
    auto lookup = std::make_shared<Lookup>();
    std::thread([lookup, host, port] {
        addrinfo name_hints{};
        name_hints.ai_socktype = SOCK_STREAM;
        name_hints.ai_flags = AI_NUMERICSERV;
        addrinfo* list = nullptr;
        const int rc = getaddrinfo(host.c_str(), port.c_str(), &name_hints, &list);
        std::lock_guard<std::mutex> lock(lookup->mutex);
        lookup->result->list = list;
        lookup->result->rc = rc;
        lookup->done = true;
        lookup->done_cv.notify_all();
    }).detach();
    std::unique_lock<std::mutex> lock(lookup->mutex);
    if (!lookup->done_cv.wait_until(lock, deadline, [&] { return lookup->done; })) {
        throw WireError("timed out looking up " + host, true);
    }
    if (lookup->result->rc != 0) {
        throw WireError("cannot resolve " + host + ": " + gai_strerror(lookup->result->rc));
    }
    return lookup->result;
}

int connect_to(const addrinfo& address, Deadline deadline) {
    const int fd = socket(address.ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
    if (fd < 0) throw WireError(std::string("socket: ") + std::strerror(errno));
    const int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // a request's head and body go out at once
    int error = 0;
    if (connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
        error = errno;
        if (error == EINPROGRESS) {
            try {
                wait_for(fd, POLLOUT, deadline);
            } catch (...) {
                close(fd);
                throw;
            }
            socklen_t length = sizeof error;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
        }
    }
    if (error != 0) {
        close(fd);
        throw WireError(std::strerror(error));
    }
    return fd;
}

bool is_ip_address(const std::string& host) {
    unsigned char buffer[sizeof(in6_addr)];
    return inet_pton(AF_INET, host.c_str(), buffer) == 1 || inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// The directory tried alone lacked a certificate of the server's chain: the whole store may have it.
class IssuerNotInDirectory : public WireError {
public:
    using WireError::WireError;
};

// A failed handshake, said as a user reads it. A certificate that is not trusted stays so: not worth a retry.
WireError tls_failure(SSL* ssl, const std::string& host) {
    const long verified = SSL_get_verify_result(ssl);
    if (verified != X509_V_OK) {
        return WireError("the certificate of " + host + " is not trusted: " + X509_verify_cert_error_string(verified),
                         false, true);
    }
    const unsigned long error = ERR_get_error();
    char text[256] = "the connection was closed";
    if (error != 0) ERR_error_string_n(error, text, sizeof text);
    return WireError("TLS handshake with " + host + " failed: " + text);
}

// Whether a verification failed for want of an issuer, which a fuller store could supply.
bool missing_issuer(long verified) {
    return verified == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY || verified == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
           verified == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE || verified == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
           verified == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
}

// What a SOCKS5 proxy is to connect to: an IP literal as it is; a name looked up here for socks5:// (as curl
// does), or left to the proxy for socks5h://.
Socks5Destination socks5_destination(const RequestTarget& target, Proxy::Kind kind, Deadline deadline) {
    Socks5Destination destination;
    destination.name = target.host;
    destination.port = static_cast<std::uint16_t>(std::stoul(target.port));
    unsigned char bytes[16];
    if (inet_pton(AF_INET, target.host.c_str(), bytes) == 1) {
        destination.address.assign(reinterpret_cast<const char*>(bytes), 4);
    } else if (inet_pton(AF_INET6, target.host.c_str(), bytes) == 1) {
        destination.address.assign(reinterpret_cast<const char*>(bytes), 16);
    } else if (kind == Proxy::Kind::socks5) {
        const auto found = resolve(target.host, target.port, deadline);
        for (const addrinfo* a = found->list; a != nullptr && destination.address.empty(); a = a->ai_next) {
            if (a->ai_family == AF_INET) {
                const auto& ipv4 = reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr;
                destination.address.assign(reinterpret_cast<const char*>(&ipv4), 4);
            } else if (a->ai_family == AF_INET6) {
                const auto& ipv6 = reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr;
                destination.address.assign(reinterpret_cast<const char*>(&ipv6), 16);
            }
        }
        if (destination.address.empty()) throw WireError("cannot look up " + target.host + " for the SOCKS5 proxy");
    }
    return destination;
}

}  // namespace

std::unique_ptr<Wire> Wire::open(const RequestTarget& target, const std::optional<Proxy>& proxy, Deadline connect_deadline,
                                 Deadline deadline) {
    try {
        return open(target, proxy, connect_deadline, deadline, false);
    } catch (const IssuerNotInDirectory&) {
        return open(target, proxy, connect_deadline, deadline, true);  // once more, with the whole store
    }
}

std::unique_ptr<Wire> Wire::open(const RequestTarget& target, const std::optional<Proxy>& proxy, Deadline connect_deadline,
                                 Deadline deadline, bool whole_store) {
    const Deadline connect_by = std::min(connect_deadline, deadline);
    const std::string& host = proxy ? proxy->host : target.host;
    const std::string& port = proxy ? proxy->port : target.port;
    const std::string where = (proxy ? "the proxy " : "") + host + " port " + port;
    const auto addresses = resolve(host, port, connect_by);
    std::string failure = "no address";
    int fd = -1;
    for (const addrinfo* address = addresses->list; address != nullptr && fd < 0; address = address->ai_next) {
        try {
            fd = connect_to(*address, connect_by);
        } catch (const WireError& e) {
            if (e.timed_out()) throw WireError("timed out connecting to " + where, true);
            failure = e.what();
        }
    }
    if (fd < 0) throw WireError("cannot connect to " + where + ": " + failure);
    std::unique_ptr<Wire> wire(new Wire(fd, nullptr));
    if (proxy && proxy->kind == Proxy::Kind::http) wire->tunnel(target, *proxy, connect_by);
    if (proxy && proxy->kind != Proxy::Kind::http) {
        socks5_connect(*wire, *proxy, socks5_destination(target, proxy->kind, connect_by), connect_by);
    }
    if (target.tls()) wire->handshake(target.host, deadline, whole_store);
    return wire;
}

// Asks an http proxy for a tunnel to the target (CONNECT), before TLS is spoken through it.
void Wire::tunnel(const RequestTarget& target, const Proxy& proxy, Deadline deadline) {
    const std::string authority = (target.host.find(':') != std::string::npos ? "[" + target.host + "]" : target.host) + ":" + target.port;
    std::string request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (proxy.credentials) {
        const std::string pair = proxy.credentials->first + ":" + proxy.credentials->second;
        request += "Proxy-Authorization: Basic " + core::crypto::base64_encode(core::crypto::Bytes(pair.begin(), pair.end())) + "\r\n";
    }
    request += "\r\n";
    send(request.data(), request.size(), deadline);
    std::string answer;
    char buffer[4096];
    // The proxy says nothing more until the handshake starts: everything read is its answer's head.
    while (answer.find("\r\n\r\n") == std::string::npos) {
        if (answer.size() > 64 * 1024) throw WireError("the proxy " + proxy.host + " sent an overlong answer to CONNECT");
        const std::size_t n = receive(buffer, sizeof buffer, deadline);
        if (n == 0) throw WireError("the proxy " + proxy.host + " closed the connection instead of opening a tunnel");
        answer.append(buffer, n);
    }
    const std::string status_line = answer.substr(0, answer.find("\r\n"));
    const auto space = status_line.find(' ');
    const std::string code = space == std::string::npos ? "" : status_line.substr(space + 1, 3);
    if (status_line.rfind("HTTP/1.", 0) != 0 || code != "200") {
        throw WireError("the proxy " + proxy.host + " refused a tunnel to " + authority + " (" +
                        (code.empty() ? std::string("no status") : "HTTP " + code) + ")");
    }
}

void Wire::handshake(const std::string& host, Deadline deadline, bool whole_store) {
    bool directory_only = false;
    ssl_ = SSL_new(tls_client_context(whole_store, &directory_only));
    if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) throw WireError("cannot start TLS with " + host);
    X509_VERIFY_PARAM* check = SSL_get0_param(ssl_);
    X509_VERIFY_PARAM_set_hostflags(check, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (is_ip_address(host)) {
        X509_VERIFY_PARAM_set1_ip_asc(check, host.c_str());
    } else {
        SSL_set_tlsext_host_name(ssl_, host.c_str());
        X509_VERIFY_PARAM_set1_host(check, host.c_str(), 0);
    }
    static const unsigned char http11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    SSL_set_alpn_protos(ssl_, http11, sizeof http11);
    for (;;) {
        ERR_clear_error();
        const int rc = SSL_connect(ssl_);
        if (rc == 1) return;
        const int why = SSL_get_error(ssl_, rc);
        if (why == SSL_ERROR_WANT_READ) {
            wait_for(fd_, POLLIN, deadline);
        } else if (why == SSL_ERROR_WANT_WRITE) {
            wait_for(fd_, POLLOUT, deadline);
        } else if (directory_only && missing_issuer(SSL_get_verify_result(ssl_))) {
            throw IssuerNotInDirectory("the certificate of " + host + " chains to no CA in the trusted directory");
        } else {
            throw tls_failure(ssl_, host);
        }
    }
}

Wire::~Wire() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    close(fd_);
}

void Wire::send(const char* data, std::size_t size, Deadline deadline) {
    while (size > 0) {
        std::size_t sent = 0;
        if (ssl_ == nullptr) {
            const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR) throw WireError(std::string("sending: ") + std::strerror(errno));
            if (n < 0) {
                if (errno == EAGAIN) wait_for(fd_, POLLOUT, deadline);
                continue;
            }
            sent = static_cast<std::size_t>(n);
        } else {
            ERR_clear_error();
            const int n = SSL_write(ssl_, data, static_cast<int>(std::min<std::size_t>(size, 1u << 20)));
            if (n <= 0) {
                const int why = SSL_get_error(ssl_, n);
                if (why == SSL_ERROR_WANT_WRITE) wait_for(fd_, POLLOUT, deadline);
                else if (why == SSL_ERROR_WANT_READ) wait_for(fd_, POLLIN, deadline);
                else throw WireError("sending: the connection was closed");
                continue;
            }
            sent = static_cast<std::size_t>(n);
        }
        data += sent;
        size -= sent;
    }
}

std::size_t Wire::receive(char* buffer, std::size_t size, Deadline deadline) {
    for (;;) {
        if (ssl_ == nullptr) {
            const ssize_t n = recv(fd_, buffer, size, 0);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno == EAGAIN) wait_for(fd_, POLLIN, deadline);
            else if (errno != EINTR) throw WireError(std::string("reading: ") + std::strerror(errno));
            continue;
        }
        ERR_clear_error();
        const int n = SSL_read(ssl_, buffer, static_cast<int>(std::min<std::size_t>(size, 1u << 20)));
        if (n > 0) return static_cast<std::size_t>(n);
        const int why = SSL_get_error(ssl_, n);
        if (why == SSL_ERROR_ZERO_RETURN) return 0;
        if (why == SSL_ERROR_WANT_READ) wait_for(fd_, POLLIN, deadline);
        else if (why == SSL_ERROR_WANT_WRITE) wait_for(fd_, POLLOUT, deadline);
        else if (why == SSL_ERROR_SYSCALL && errno == 0) return 0;
        else throw WireError("reading: the TLS connection failed");
    }
}

bool Wire::idle() {
    char byte;
    if (ssl_ == nullptr) {
        const ssize_t n = recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && errno == EAGAIN;
    }
    if (SSL_pending(ssl_) > 0) return false;
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, 0) == 0) return true;
    // Readable: a TLS 1.3 session ticket is fine (read and kept quiet); data or a close is not.
    ERR_clear_error();
    const int n = SSL_peek(ssl_, &byte, 1);
    return n <= 0 && SSL_get_error(ssl_, n) == SSL_ERROR_WANT_READ;
}

}  // namespace agoras::host::net
