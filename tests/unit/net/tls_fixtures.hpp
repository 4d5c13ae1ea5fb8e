// Shared by the transport's TLS and proxy tests: a loopback HTTPS server, a certificate for any names, and
// variables set for the scope of a test.
#pragma once

#include "net/http_transport.hpp"
#include "net/self_signed_cert.hpp"

#include "support/loopback.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace agoras::test::tls {

using namespace agoras::host::net;

// Serves every request on a connection with the same keep-alive answer, one connection at a time.
class TlsServer {
public:
    TlsServer(const char* address, const CertificatePem& pem) : context_(SSL_CTX_new(TLS_server_method())) {
        BIO* cert_bio = BIO_new_mem_buf(pem.certificate.data(), static_cast<int>(pem.certificate.size()));
        X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
        BIO* key_bio = BIO_new_mem_buf(pem.private_key.data(), static_cast<int>(pem.private_key.size()));
        EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
        REQUIRE(SSL_CTX_use_certificate(context_, cert) == 1);
        REQUIRE(SSL_CTX_use_PrivateKey(context_, key) == 1);
        X509_free(cert);
        EVP_PKEY_free(key);
        BIO_free(cert_bio);
        BIO_free(key_bio);
        listener_ = listen_loopback(port, address);
        thread_ = std::thread([this] { serve(); });
    }
    ~TlsServer() {
        stopping_ = true;
        thread_.join();
        close(listener_);
        SSL_CTX_free(context_);
    }

    int port = 0;
    std::atomic<int> handshakes{0}, requests{0};

private:
    void serve() {
        while (!stopping_) {
            pollfd ready{listener_, POLLIN, 0};
            if (poll(&ready, 1, 50) <= 0) continue;
            const int fd = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            timeval limit{5, 0};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
            SSL* ssl = SSL_new(context_);
            SSL_set_fd(ssl, fd);
            if (SSL_accept(ssl) == 1) {
                ++handshakes;
                std::string request;
                char buffer[4096];
                int n;
                while (readable(fd, ssl) && (n = SSL_read(ssl, buffer, sizeof buffer)) > 0) {
                    request.append(buffer, static_cast<std::size_t>(n));
                    if (request.find("\r\n\r\n") == std::string::npos) continue;
                    request.clear();
                    ++requests;
                    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
                    SSL_write(ssl, answer.data(), static_cast<int>(answer.size()));
                }
            }
            SSL_free(ssl);
            close(fd);
        }
    }

    // Waits for the client's next bytes; false once the test ends (a kept-alive client never closes by itself).
    bool readable(int fd, SSL* ssl) const {
        pollfd ready{fd, POLLIN, 0};
        while (!stopping_ && SSL_pending(ssl) == 0 && poll(&ready, 1, 50) == 0) {
        }
        return !stopping_;
    }

    SSL_CTX* context_;
    int listener_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// A variable set for the scope of a test, then unset.
struct Variable {
    const char* name;
    Variable(const char* variable, const std::string& value) : name(variable) { setenv(name, value.c_str(), 1); }
    ~Variable() { unsetenv(name); }
};


// A variable unset for the scope of a test, then as it was.
struct WithoutVariable {
    explicit WithoutVariable(const char* name) : name_(name) {
        if (const char* value = std::getenv(name)) saved_ = value;
        unsetenv(name);
    }
    ~WithoutVariable() {
        if (saved_) setenv(name_, saved_->c_str(), 1);
    }
    const char* name_;
    std::optional<std::string> saved_;
};

// SSL_CERT_FILE for the scope of a test, and no SSL_CERT_DIR (the machine's may be set).
struct TrustOnly {
    explicit TrustOnly(const std::string& file) { setenv("SSL_CERT_FILE", file.c_str(), 1); }
    ~TrustOnly() { unsetenv("SSL_CERT_FILE"); }
    WithoutVariable no_directory{"SSL_CERT_DIR"};
};

inline HttpCall get(const std::string& url) {
    HttpCall call;
    call.url = url;
    call.timeout = std::chrono::seconds(10);
    return call;
}

// The next connection to `listener`, or -1 once `stopping` is set.
inline int accept_one(int listener, const std::atomic<bool>& stopping) {
    pollfd ready{listener, POLLIN, 0};
    while (!stopping && poll(&ready, 1, 50) <= 0) {
    }
    return stopping ? -1 : accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
}

// A loopback listener that serves one connection, on a thread of its own, until the test ends: the skeleton of the
// test proxies. Declare it after the members `serve` uses, so that they exist before its thread starts.
class OneConnectionServer {
public:
    using Serve = std::function<void(int client, std::atomic<bool>& stopping)>;
    explicit OneConnectionServer(Serve serve) : listener_(listen_loopback(port)) {
        thread_ = std::thread([this, serve] {
            const int client = accept_one(listener_, stopping_);
            if (client >= 0) serve(client, stopping_);
        });
    }
    ~OneConnectionServer() {
        stopping_ = true;
        thread_.join();
        close(listener_);
    }
    int port = 0;

private:
    int listener_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// What a proxy does once it has said yes: connects to `port` on 127.0.0.1 and passes bytes both ways until
// either side closes or `stopping` is set; then closes both.
inline void relay_to_loopback(int client, int port, std::atomic<bool>& stopping) {
    const int upstream = connect_loopback(port);
    REQUIRE(upstream >= 0);
    char buffer[16384];
    pollfd both[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    while (!stopping && poll(both, 2, 50) >= 0) {
        for (int side = 0; side < 2; ++side) {
            if ((both[side].revents & (POLLIN | POLLHUP)) == 0) continue;
            const ssize_t n = recv(both[side].fd, buffer, sizeof buffer, 0);
            if (n <= 0) stopping = true;
            else send(both[1 - side].fd, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
        }
    }
    close(upstream);
    close(client);
}

// A certificate (and its key) naming `names` (openssl's subjectAltName syntax), made by the openssl tool in
// `directory`; returns the certificate's path, which is also what to trust.
inline std::string certificate_for(const std::filesystem::path& directory, const std::string& names, CertificatePem& pem) {
    const auto ca = (directory / "ca.pem").string(), key = (directory / "key.pem").string();
    REQUIRE(run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-days", "1", "-subj", "/CN=agoras test", "-addext", "subjectAltName=" + names, "-keyout", key, "-out", ca})
                .exit_code == 0);
    std::getline(std::ifstream(ca), pem.certificate, '\0');
    std::getline(std::ifstream(key), pem.private_key, '\0');
    return ca;
}

}  // namespace agoras::test::tls
