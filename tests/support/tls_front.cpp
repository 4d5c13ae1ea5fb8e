#include "support/tls_front.hpp"

#include "support/loopback.hpp"
#include "support/process.hpp"

#include <openssl/ssl.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace agoras::test {
TlsFront::TlsFront(const std::filesystem::path& directory, const std::string& names, int upstream_port)
    : upstream_port_(upstream_port) {
    ca_file_ = (directory / "front-ca.pem").string();
    const std::string key = (directory / "front-key.pem").string();
    const auto made = run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                   "-nodes", "-days", "1", "-subj", "/CN=agoras test front", "-addext", "subjectAltName=" + names,
                                   "-keyout", key, "-out", ca_file_});
    if (made.exit_code != 0) throw std::runtime_error("tls front: openssl req failed: " + made.err);
    context_ = SSL_CTX_new(TLS_server_method());
    if (context_ == nullptr || SSL_CTX_use_certificate_chain_file(context_, ca_file_.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(context_, key.c_str(), SSL_FILETYPE_PEM) != 1) {
        throw std::runtime_error("tls front: cannot load its certificate");
    }
    listener_ = listen_loopback(port_);
    acceptor_ = std::thread([this] { accept_loop(); });
}

TlsFront::~TlsFront() {
    stopping_ = true;
    acceptor_.join();
    for (auto& relay : relays_) relay.join();
    close(listener_);
    SSL_CTX_free(context_);
}

void TlsFront::accept_loop() {
    while (!stopping_) {
        pollfd ready{listener_, POLLIN, 0};
        if (poll(&ready, 1, 50) <= 0) continue;
        const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client >= 0) relays_.emplace_back([this, client] { relay(client); });
    }
}

// One connection: the handshake, then bytes both ways until either side closes (or the test ends).
void TlsFront::relay(int client) {
    timeval limit{5, 0};  // a client that stalls mid-record cannot hold the test
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    SSL* ssl = SSL_new(context_);
    SSL_set_fd(ssl, client);
    const int upstream = SSL_accept(ssl) == 1 ? connect_loopback(upstream_port_) : -1;
    if (upstream >= 0) {
        ++handshakes_;
        char buffer[16384];
        bool open = true;
        while (open && !stopping_) {
            pollfd both[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
            if (SSL_pending(ssl) == 0 && poll(both, 2, 50) <= 0) continue;
            if (SSL_pending(ssl) > 0 || (both[0].revents & (POLLIN | POLLHUP)) != 0) {
                const int n = SSL_read(ssl, buffer, sizeof buffer);
                open = n > 0 && send_all(upstream, std::string_view(buffer, static_cast<std::size_t>(n)));
            }
            if (open && (both[1].revents & (POLLIN | POLLHUP)) != 0) {
                const ssize_t n = recv(upstream, buffer, sizeof buffer, 0);
                open = n > 0 && SSL_write(ssl, buffer, static_cast<int>(n)) == static_cast<int>(n);
            }
        }
        close(upstream);
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(client);
}

}  // namespace agoras::test
