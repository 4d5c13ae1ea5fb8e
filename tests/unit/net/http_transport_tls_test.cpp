// The transport over TLS against a loopback HTTPS server: the certificate must chain to a trusted CA
// (SSL_CERT_FILE here) and name the host, and one connection carries an action's several requests.
#include "net/trust_store.hpp"
#include "tls_fixtures.hpp"

#include "support/temp_dir.hpp"

#include <chrono>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>

using namespace agoras::test::tls;

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
            CHECK_FALSE(e.retryable());  // it would not be trusted a second later either
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
    ConnectProxy(int target_port, bool refuse) : target_port_(target_port), refuse_(refuse) {}
    int port() const { return server_.port; }
    std::string head;  // the last CONNECT request's head

private:
    void serve(int client, std::atomic<bool>& stopping) {
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
        const std::string yes = "HTTP/1.1 200 Connection established\r\n\r\n";
        send(client, yes.data(), yes.size(), MSG_NOSIGNAL);
        relay_to_loopback(client, target_port_, stopping);
    }

    int target_port_;
    bool refuse_;
    OneConnectionServer server_{[this](int client, std::atomic<bool>& stopping) { serve(client, stopping); }};
};

}  // namespace

TEST_CASE("http transport: https_proxy tunnels https through CONNECT, with its credentials, and a refusal is named", "[net][tls]") {
    // A certificate for a name that is not loopback.
    agoras::test::TempDir dir("tls-proxy");
    CertificatePem pem;
    const std::string ca = certificate_for(dir.path(), "DNS:api.example.test,IP:127.0.0.1", pem);
    TlsServer server("127.0.0.1", pem);
    TrustOnly trust(ca);
    {
        ConnectProxy proxy(server.port, false);
        Variable https_proxy("https_proxy", "http://agoras:p%40ss@127.0.0.1:" + std::to_string(proxy.port()));
        // api.example.test resolves nowhere: only the proxy can reach it.
        const HttpAnswer answer = send_once(get("https://api.example.test/v1/me"));
        CHECK(answer.status == 200);
        CHECK(answer.body == R"({"ok":true})");
        CHECK(proxy.head.rfind("CONNECT api.example.test:443 HTTP/1.1\r\n", 0) == 0);
        CHECK(proxy.head.find("Proxy-Authorization: Basic YWdvcmFzOnBAc3M=\r\n") != std::string::npos);  // agoras:p@ss
    }
    {
        ConnectProxy proxy(server.port, true);
        Variable https_proxy("https_proxy", "http://127.0.0.1:" + std::to_string(proxy.port()));
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

TEST_CASE("trust store: a hashed directory is tried alone first, unless SSL_CERT_FILE names the store alone", "[net][tls]") {
    agoras::test::TempDir dir("trust-plan");
    const auto hashed = dir.path() / "hashed", plain = dir.path() / "plain";
    std::filesystem::create_directories(hashed);
    std::filesystem::create_directories(plain);
    std::ofstream(hashed / "0123abcd.0") << "PEM";
    std::ofstream(plain / "ca-bundle.crt") << "PEM";
    std::ofstream(plain / "0123abcd.pem") << "PEM";  // not a hash link's name
    const std::string h = hashed.string(), p = plain.string();
    CHECK(directory_to_try_first(nullptr, nullptr, h) == h);            // nothing set: OpenSSL's default directory
    CHECK_FALSE(directory_to_try_first("bundle.pem", nullptr, h));      // SSL_CERT_FILE alone: the store is that file
    CHECK(directory_to_try_first("bundle.pem", h.c_str(), p) == h);     // both: the directory first
    CHECK(directory_to_try_first(nullptr, h.c_str(), p) == h);
    CHECK_FALSE(directory_to_try_first(nullptr, p.c_str(), h));         // not hashed: the whole store
    CHECK_FALSE(directory_to_try_first(nullptr, nullptr, p));
    CHECK_FALSE(directory_to_try_first(nullptr, (h + ":" + p).c_str(), h));  // several directories
    CHECK_FALSE(directory_to_try_first(nullptr, nullptr, (dir.path() / "missing").string()));
}

namespace {

// A FIFO standing for a file of certificates: `opened` once anything opened it to read, which is then given
// `contents` (so nothing waits for ever).
struct WatchedFile {
    WatchedFile(std::string fifo, std::string contents) : path(std::move(fifo)) {
        REQUIRE(mkfifo(path.c_str(), 0600) == 0);
        writer = std::thread([this, contents] {
            while (!stopping) {
                const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // fails while no reader waits
                if (fd >= 0) {
                    opened = true;
                    (void)!write(fd, contents.data(), contents.size());
                    close(fd);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
    }
    ~WatchedFile() {
        stopping = true;
        writer.join();
    }
    std::string path;
    std::atomic<bool> opened{false}, stopping{false};
    std::thread writer;
};

}  // namespace

TEST_CASE("trust store: the directory's certificates are read as needed, and a chain it cannot complete is tried again with the whole store", "[net][tls]") {
    agoras::test::TempDir dir("trust-lazy");
    CertificatePem in_directory, in_file;
    const std::filesystem::path directory = dir.path() / "certs";
    std::filesystem::create_directories(dir.path() / "a");
    std::filesystem::create_directories(dir.path() / "b");
    std::filesystem::create_directories(directory);
    std::filesystem::copy_file(certificate_for(dir.path() / "a", "IP:127.0.0.1", in_directory), directory / "a.pem");
    const std::string file_only = certificate_for(dir.path() / "b", "IP:127.0.0.1", in_file);
    REQUIRE(agoras::test::run_process({"/usr/bin/openssl", "rehash", directory.string()}).exit_code == 0);

    Variable dir_variable("SSL_CERT_DIR", directory.string());
    {
        // While the directory suffices, the file is not even opened.
        WatchedFile file((dir.path() / "bundle.pem").string(), in_file.certificate);
        Variable file_variable("SSL_CERT_FILE", file.path);
        TlsServer server("127.0.0.1", in_directory);
        CHECK(send_once(get("https://127.0.0.1:" + std::to_string(server.port) + "/v1/me")).status == 200);
        CHECK_FALSE(file.opened);
    }
    {
        // The directory lacks this server's certificate; the whole store (the file too) has it.
        Variable file_variable("SSL_CERT_FILE", file_only);
        TlsServer server("127.0.0.1", in_file);
        CHECK(send_once(get("https://127.0.0.1:" + std::to_string(server.port) + "/v1/me")).status == 200);
        CHECK(server.handshakes == 1);  // the first attempt ended at the client's verification
    }
    {
        // Neither has it: refused, as before.
        Variable file_variable("SSL_CERT_FILE", (dir.path() / "a" / "ca.pem").string());
        TlsServer server("127.0.0.1", in_file);
        CHECK_THROWS_WITH(send_once(get("https://127.0.0.1:" + std::to_string(server.port) + "/v1/me")),
                          Catch::Contains("is not trusted"));
        CHECK(server.requests == 0);
    }
}
