#include "net/callback_listener.hpp"

#include "net/self_signed_cert.hpp"
#include "status_error.hpp"

#include <spdlog/spdlog.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

namespace agoras::host::net {
namespace {

using Clock = std::chrono::steady_clock;

// Self-contained pages: nothing is fetched from the network.
std::string page(bool success, const std::string& detail) {
    const std::string title = success ? "Authorization Successful" : "Authorization Failed";
    const std::string advice = success ? "You can close this window and return to the terminal."
                                       : "Please return to the terminal and try again.";
    std::string escaped;
    for (char c : detail) {
        if (c == '<') escaped += "&lt;";
        else if (c == '>') escaped += "&gt;";
        else if (c == '&') escaped += "&amp;";
        else if (c == '"') escaped += "&quot;";
        else escaped += c;
    }
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title +
           " - Agoras</title><style>body{font-family:system-ui,sans-serif;text-align:center;margin-top:15vh}"
           "h1{color:" + (success ? "#1a7f37" : "#cf222e") + "}</style></head><body><h1>" +
           (success ? "&#10003; " : "&#10007; ") + title + "</h1><p>" + escaped + "</p><p><b>" + advice +
           "</b></p></body></html>";
}

std::string http_response(int status, const std::string& reason, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

struct SslCtxDeleter {
    void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

std::unique_ptr<SSL_CTX, SslCtxDeleter> make_tls_context() {
    const CertificatePem pem = make_self_signed_certificate();
    std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx) throw StatusError(AGORAS_ERR_NETWORK, "cannot create a TLS context for the OAuth callback");
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    BIO* cert_bio = BIO_new_mem_buf(pem.certificate.data(), static_cast<int>(pem.certificate.size()));
    X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
    BIO_free(cert_bio);
    BIO* key_bio = BIO_new_mem_buf(pem.private_key.data(), static_cast<int>(pem.private_key.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(key_bio);
    const bool ok = cert != nullptr && key != nullptr && SSL_CTX_use_certificate(ctx.get(), cert) == 1 &&
                    SSL_CTX_use_PrivateKey(ctx.get(), key) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    if (!ok) throw StatusError(AGORAS_ERR_NETWORK, "cannot load the OAuth callback's certificate");
    return ctx;
}

// Binds a non-blocking, close-on-exec listening socket; -1 when the address family is unavailable.
int listen_on(int family, std::uint16_t port) {
    const int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        if (family == AF_INET6 && (errno == EAFNOSUPPORT || errno == EPROTONOSUPPORT)) return -1;
        throw StatusError(AGORAS_ERR_NETWORK, std::string("cannot open a socket: ") + std::strerror(errno));
    }
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // TIME_WAIT only; never a live listener
    int rc = 0;
    if (family == AF_INET) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        rc = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    } else {
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof yes);
        sockaddr_in6 address{};
        address.sin6_family = AF_INET6;
        address.sin6_port = htons(port);
        address.sin6_addr = in6addr_loopback;
        rc = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
    if (rc != 0) {
        const int error = errno;
        close(fd);
        if (family == AF_INET6 && (error == EADDRNOTAVAIL || error == EAFNOSUPPORT)) return -1;  // no IPv6 loopback
        throw StatusError(AGORAS_ERR_NETWORK,
                          std::string("cannot listen for the OAuth callback on ") +
                              (family == AF_INET ? "127.0.0.1:" : "[::1]:") + std::to_string(port) + " (" +
                              std::strerror(error) +
                              "); free the port, or set AGORAS_OAUTH_PORT and register the matching redirect URI");
    }
    if (listen(fd, 128) != 0) {
        const int error = errno;
        close(fd);
        throw StatusError(AGORAS_ERR_NETWORK, std::string("cannot listen: ") + std::strerror(error));
    }
    return fd;
}

struct Connection {
    int fd = -1;
    SSL* ssl = nullptr;
    Clock::time_point deadline;
    bool handshaken = false;
    std::string request;
    std::string answer;  // set once the request is complete
    std::size_t sent = 0;
    short wanted = POLLIN;
    bool carries_outcome = false;  // its request set the listener's outcome
};

void close_connection(Connection& c) {
    if (c.ssl != nullptr) SSL_free(c.ssl);
    if (c.fd >= 0) close(c.fd);
    c.ssl = nullptr;
    c.fd = -1;
}

}  // namespace

struct CallbackListener::State {
    std::string expected_state;
    CallbackProtocol protocol = CallbackProtocol::oauth2;
    ListenerSettings limits;
    std::unique_ptr<SSL_CTX, SslCtxDeleter> tls;
    std::vector<int> listeners;
    std::deque<Connection> connections;  // oldest first
    std::optional<CallbackOutcome> outcome;
    bool outcome_answer_pending = false;  // the browser that brought the outcome is still being answered

    void drop(Connection& c) {
        if (c.carries_outcome) outcome_answer_pending = false;
        close_connection(c);
    }

    ~State() {
        for (auto& c : connections) close_connection(c);
        for (int fd : listeners) close(fd);
    }

    void accept_all(int listener, Clock::time_point now) {
        for (;;) {
            const int fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) return;  // EAGAIN, or a connection that died before we took it
            if (connections.size() >= limits.max_connections) {
                drop(connections.front());
                connections.pop_front();
            }
            Connection c;
            c.fd = fd;
            c.deadline = now + limits.connection_time;
            if (tls) {
                c.ssl = SSL_new(tls.get());
                if (c.ssl == nullptr || SSL_set_fd(c.ssl, fd) != 1) {
                    close_connection(c);
                    continue;
                }
            }
            connections.push_back(c);
        }
    }

    // Reads or writes as far as the socket allows. False when the connection is finished or failed.
    bool advance(Connection& c) {
        if (c.ssl != nullptr && !c.handshaken) {
            const int rc = SSL_accept(c.ssl);
            if (rc != 1) return wants_more(c, rc);
            c.handshaken = true;
        }
        while (c.answer.empty()) {
            char buffer[2048];
            const long n = c.ssl != nullptr ? SSL_read(c.ssl, buffer, sizeof buffer)
                                            : static_cast<long>(recv(c.fd, buffer, sizeof buffer, 0));
            if (n <= 0) return c.ssl != nullptr ? wants_more(c, static_cast<int>(n)) : n < 0 && errno == EAGAIN;
            c.request.append(buffer, static_cast<std::size_t>(n));
            if (c.request.size() > limits.max_request_bytes) return false;
            if (c.request.find("\r\n\r\n") != std::string::npos) c.answer = respond_to(c.request, c.carries_outcome);
        }
        while (c.sent < c.answer.size()) {
            const char* data = c.answer.data() + c.sent;
            const std::size_t left = c.answer.size() - c.sent;
            const long n = c.ssl != nullptr ? SSL_write(c.ssl, data, static_cast<int>(left))
                                            : static_cast<long>(send(c.fd, data, left, MSG_NOSIGNAL));
            if (n <= 0) {
                if (c.ssl != nullptr) return wants_more(c, static_cast<int>(n));
                c.wanted = POLLOUT;
                return n < 0 && errno == EAGAIN;
            }
            c.sent += static_cast<std::size_t>(n);
        }
        if (c.ssl != nullptr) SSL_shutdown(c.ssl);  // best effort close_notify
        return false;
    }

    bool wants_more(Connection& c, int rc) {
        const int error = SSL_get_error(c.ssl, rc);
        ERR_clear_error();
        if (error == SSL_ERROR_WANT_READ) c.wanted = POLLIN;
        else if (error == SSL_ERROR_WANT_WRITE) c.wanted = POLLOUT;
        else return false;
        return true;
    }

    std::string respond_to(const std::string& request, bool& set_outcome) {
        const auto line_end = request.find("\r\n");
        const std::string line = request.substr(0, line_end);
        const auto first_space = line.find(' ');
        const auto second_space = line.find(' ', first_space + 1);
        const std::string method = line.substr(0, first_space);
        const std::string target = first_space == std::string::npos ? ""
                                   : line.substr(first_space + 1, second_space - first_space - 1);
        const auto question = target.find('?');
        const std::string path = target.substr(0, question);
        if (method != "GET" || path != limits.path) {
            return http_response(404, "Not Found", page(false, "Nothing here."));  // a favicon, say: ignored
        }
        const auto result = interpret_callback(
            parse_query(question == std::string::npos ? "" : target.substr(question + 1)), expected_state, protocol);
        if (result.kind == CallbackOutcome::Kind::foreign) {
            // Said at once: a stale browser tab would otherwise leave the user waiting out the timeout.
            spdlog::warn("ignored a callback that belongs to another authorization (its state does not match: a "
                         "stale browser tab?); still waiting for this one");
        }
        if (result.kind == CallbackOutcome::Kind::foreign || result.kind == CallbackOutcome::Kind::ignored) {
            return http_response(400, "Bad Request",
                                 page(false, "This address does not belong to the authorization agoras is waiting for."));
        }
        const bool success = result.kind == CallbackOutcome::Kind::code;
        if (!outcome) {
            outcome = result;
            outcome_answer_pending = true;
            set_outcome = true;
        }
        return http_response(success ? 200 : 400, success ? "OK" : "Bad Request",
                             page(success, success ? "You have successfully authorized Agoras to access your account."
                                                   : result.value));
    }
};

CallbackListener::CallbackListener(std::uint16_t port, std::string expected_state, bool tls, ListenerSettings settings,
                                   CallbackProtocol protocol)
    : state_(std::make_unique<State>()) {
    state_->expected_state = std::move(expected_state);
    state_->protocol = protocol;
    state_->limits = std::move(settings);
    if (tls) state_->tls = make_tls_context();
    state_->listeners.push_back(listen_on(AF_INET, port));
    if (const int v6 = listen_on(AF_INET6, port); v6 >= 0) state_->listeners.push_back(v6);
}

CallbackListener::~CallbackListener() = default;

std::optional<CallbackOutcome> CallbackListener::wait_until(Clock::time_point deadline) {
    State& s = *state_;
    for (;;) {
        const auto now = Clock::now();
        for (auto it = s.connections.begin(); it != s.connections.end();) {
            if (it->fd < 0 || now >= it->deadline) {
                s.drop(*it);
                it = s.connections.erase(it);
            } else {
                ++it;
            }
        }
        if (s.outcome && !s.outcome_answer_pending) return s.outcome;
        if (!s.outcome && now >= deadline) return std::nullopt;

        std::vector<pollfd> fds;
        auto wake = s.outcome ? now + s.limits.connection_time : deadline;
        for (const auto& c : s.connections) {
            fds.push_back({c.fd, c.wanted, 0});
            wake = std::min(wake, c.deadline);
        }
        for (int fd : s.listeners) fds.push_back({fd, POLLIN, 0});
        const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
        const int timeout = static_cast<int>(std::clamp<long long>(wait_ms, 1, 60'000));
        if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
            throw StatusError(AGORAS_ERR_NETWORK,
                              std::string("waiting for the OAuth callback failed: ") + std::strerror(errno));
        }
        // Connections first (accepting may evict the oldest and shift positions), then new ones.
        const std::size_t polled = s.connections.size();
        for (std::size_t i = 0; i < polled; ++i) {
            Connection& c = s.connections[i];
            if (fds[i].revents != 0 && !s.advance(c)) s.drop(c);
        }
        const auto after = Clock::now();
        for (std::size_t i = 0; i < s.listeners.size(); ++i) {
            if ((fds[polled + i].revents & POLLIN) != 0) s.accept_all(s.listeners[i], after);
        }
    }
}

}  // namespace agoras::host::net
