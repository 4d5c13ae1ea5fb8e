// The transport over TLS against a loopback HTTPS server: the certificate must chain to a trusted CA
// (SSL_CERT_FILE here) and name the host, and one connection carries an action's several requests.
#include "net/http_transport.hpp"
#include "net/self_signed_cert.hpp"

#include "support/temp_dir.hpp"

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
#include <fstream>
#include <thread>

using namespace agoras::host::net;

namespace {

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
        listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in where{};
        where.sin_family = AF_INET;
        inet_pton(AF_INET, address, &where.sin_addr);
        REQUIRE(bind(listener_, reinterpret_cast<sockaddr*>(&where), sizeof where) == 0);
        REQUIRE(listen(listener_, 8) == 0);
        socklen_t length = sizeof where;
        getsockname(listener_, reinterpret_cast<sockaddr*>(&where), &length);
        port = ntohs(where.sin_port);
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
                while (!stopping_ && (n = SSL_read(ssl, buffer, sizeof buffer)) > 0) {
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

    SSL_CTX* context_;
    int listener_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// SSL_CERT_FILE for the scope of a test.
struct TrustOnly {
    explicit TrustOnly(const std::string& file) { setenv("SSL_CERT_FILE", file.c_str(), 1); }
    ~TrustOnly() { unsetenv("SSL_CERT_FILE"); }
};

HttpCall get(const std::string& url) {
    HttpCall call;
    call.url = url;
    call.timeout = std::chrono::seconds(10);
    return call;
}

}  // namespace

TEST_CASE("http transport: https to a trusted certificate works, and one connection carries several requests", "[net][tls]") {
    const CertificatePem pem = make_self_signed_certificate();
    agoras::test::TempDir dir("tls-trusted");
    const auto ca = (dir.path() / "ca.pem").string();
    std::ofstream(ca) << pem.certificate;
    TlsServer server("127.0.0.1", pem);
    TrustOnly trust(ca);
    for (const std::string host : {"127.0.0.1", "localhost"}) {
        const HttpAnswer answer = send_once(get("https://" + host + ":" + std::to_string(server.port) + "/v1/me"));
        CHECK(answer.status == 200);
        CHECK(answer.body == R"({"ok":true})");
    }
    // The second request went to another name: a new connection. A third to the same name rides the second's.
    CHECK(send_once(get("https://localhost:" + std::to_string(server.port) + "/v1/again")).status == 200);
    CHECK(server.requests == 3);
    CHECK(server.handshakes == 2);
}

TEST_CASE("http transport: an untrusted certificate, or one for another name, is refused before anything is sent", "[net][tls]") {
    const CertificatePem pem = make_self_signed_certificate();  // names localhost, 127.0.0.1 and ::1
    agoras::test::TempDir dir("tls-refused");
    const auto ca = (dir.path() / "ca.pem").string();
    std::ofstream(ca) << pem.certificate;
    {
        TlsServer server("127.0.0.1", pem);  // not trusted: the system's CAs only
        try {
            send_once(get("https://127.0.0.1:" + std::to_string(server.port) + "/v1/me"));
            FAIL("an untrusted certificate was accepted");
        } catch (const TransportError& e) {
            CHECK(std::string(e.what()).find("is not trusted") != std::string::npos);
            CHECK_FALSE(e.maybe_delivered());
        }
        CHECK(server.requests == 0);
    }
    {
        TlsServer server("127.0.0.2", pem);  // trusted, but it does not name 127.0.0.2
        TrustOnly trust(ca);
        try {
            send_once(get("https://127.0.0.2:" + std::to_string(server.port) + "/v1/me"));
            FAIL("a certificate for another address was accepted");
        } catch (const TransportError& e) {
            CHECK(std::string(e.what()).find("mismatch") != std::string::npos);
        }
        CHECK(server.requests == 0);
    }
}
