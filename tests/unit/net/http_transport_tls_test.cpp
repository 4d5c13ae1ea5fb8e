// The transport over TLS against a loopback HTTPS server: the certificate must chain to a trusted CA
// (SSL_CERT_FILE here) and name the host, and one connection carries an action's several requests.
#include "net/http_transport.hpp"
#include "net/self_signed_cert.hpp"
#include "net/wire.hpp"

#include "support/process.hpp"
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
#include <optional>
#include <thread>

using namespace agoras::host::net;

namespace {

// A socket listening on `address` (an IPv4 loopback address) at a free port, written to `port`.
int listen_on(const char* address, int& port) {
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in where{};
    where.sin_family = AF_INET;
    inet_pton(AF_INET, address, &where.sin_addr);
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&where), sizeof where) == 0);
    REQUIRE(listen(listener, 8) == 0);
    socklen_t length = sizeof where;
    getsockname(listener, reinterpret_cast<sockaddr*>(&where), &length);
    port = ntohs(where.sin_port);
    return listener;
}

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
        listener_ = listen_on(address, port);
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

namespace {

// A CONNECT proxy for one tunnel at a time: every tunnel leads to `target_port` on 127.0.0.1, or is refused with 403.
class ConnectProxy {
public:
    ConnectProxy(int target_port, bool refuse) : target_port_(target_port), refuse_(refuse) {
        listener_ = listen_on("127.0.0.1", port);
        thread_ = std::thread([this] { serve(); });
    }
    ~ConnectProxy() {
        stopping_ = true;
        thread_.join();
        close(listener_);
    }
    int port = 0;
    std::string head;  // the last CONNECT request's head

private:
    void serve() {
        pollfd ready{listener_, POLLIN, 0};
        while (!stopping_ && poll(&ready, 1, 50) <= 0) {
        }
        if (stopping_) return;
        const int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        char buffer[16384];
        std::string request;
        ssize_t n;
        while (request.find("\r\n\r\n") == std::string::npos && (n = recv(client, buffer, sizeof buffer, 0)) > 0) {
            request.append(buffer, static_cast<std::size_t>(n));
        }
        head = request;
        if (refuse_) {
            const std::string no = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
            send(client, no.data(), no.size(), MSG_NOSIGNAL);
            close(client);
            return;
        }
        const int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in target{};
        target.sin_family = AF_INET;
        target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        target.sin_port = htons(static_cast<std::uint16_t>(target_port_));
        REQUIRE(connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0);
        const std::string yes = "HTTP/1.1 200 Connection established\r\n\r\n";
        send(client, yes.data(), yes.size(), MSG_NOSIGNAL);
        pollfd both[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
        while (!stopping_ && poll(both, 2, 50) >= 0) {
            for (int side = 0; side < 2; ++side) {
                if ((both[side].revents & (POLLIN | POLLHUP)) == 0) continue;
                n = recv(both[side].fd, buffer, sizeof buffer, 0);
                if (n <= 0) stopping_ = true;
                else send(both[1 - side].fd, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
            }
        }
        close(upstream);
        close(client);
    }

    int target_port_;
    bool refuse_;
    int listener_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

struct Variable {
    const char* name;
    Variable(const char* variable, const std::string& value) : name(variable) { setenv(name, value.c_str(), 1); }
    ~Variable() { unsetenv(name); }
};

}  // namespace

TEST_CASE("http transport: https_proxy tunnels https through CONNECT, with its credentials, and a refusal is named", "[net][tls]") {
    // A certificate for a name that is not loopback, made by the openssl tool.
    agoras::test::TempDir dir("tls-proxy");
    const auto ca = (dir.path() / "ca.pem").string(), key = (dir.path() / "key.pem").string();
    REQUIRE(agoras::test::run_process({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                       "-nodes", "-days", "1", "-subj", "/CN=api.example.test", "-addext",
                                       "subjectAltName=DNS:api.example.test,IP:127.0.0.1", "-keyout", key, "-out", ca})
                .exit_code == 0);
    CertificatePem pem;
    std::getline(std::ifstream(ca), pem.certificate, '\0');
    std::getline(std::ifstream(key), pem.private_key, '\0');
    TlsServer server("127.0.0.1", pem);
    TrustOnly trust(ca);
    {
        ConnectProxy proxy(server.port, false);
        Variable https_proxy("https_proxy", "http://agoras:p%40ss@127.0.0.1:" + std::to_string(proxy.port));
        // api.example.test resolves nowhere: only the proxy can reach it.
        const HttpAnswer answer = send_once(get("https://api.example.test/v1/me"));
        CHECK(answer.status == 200);
        CHECK(answer.body == R"({"ok":true})");
        CHECK(proxy.head.rfind("CONNECT api.example.test:443 HTTP/1.1\r\n", 0) == 0);
        CHECK(proxy.head.find("Proxy-Authorization: Basic YWdvcmFzOnBAc3M=\r\n") != std::string::npos);  // agoras:p@ss
    }
    {
        ConnectProxy proxy(server.port, true);
        Variable https_proxy("https_proxy", "http://127.0.0.1:" + std::to_string(proxy.port));
        CHECK_THROWS_WITH(send_once(get("https://api.example.test/v1/me")), Catch::Contains("refused a tunnel to api.example.test:443 (HTTP 403)"));
        // Loopback addresses never go through the proxy.
        CHECK(send_once(get("https://127.0.0.1:" + std::to_string(server.port) + "/v1/me")).status == 200);
    }
}

TEST_CASE("http transport: without SSL_CERT_* and OpenSSL's own store, the distribution's CA bundle is trusted", "[net][tls]") {
    agoras::test::TempDir dir("tls-fallback");
    const std::string missing = (dir.path() / "missing").string(), bundle = (dir.path() / "bundle.pem").string();
    std::ofstream(bundle) << "PEM";
    const WithoutVariable no_file("SSL_CERT_FILE"), no_dir("SSL_CERT_DIR");
    // As on Fedora with Debian's libssl: nothing at /usr/lib/ssl, the bundle where Fedora keeps it.
    CHECK(fallback_ca_bundle(missing, missing, {missing, bundle}) == bundle);
    CHECK_FALSE(fallback_ca_bundle(missing, missing, {missing}));
    // OpenSSL finds its own store: nothing is added.
    CHECK_FALSE(fallback_ca_bundle(bundle, missing, {bundle}));
    CHECK_FALSE(fallback_ca_bundle(missing, dir.path().string(), {bundle}));
    // The user's choice stands, even when it names nothing.
    const TrustOnly chosen(missing);
    CHECK_FALSE(fallback_ca_bundle(missing, missing, {bundle}));
}
