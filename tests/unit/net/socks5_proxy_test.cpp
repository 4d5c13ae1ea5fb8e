// https through a SOCKS5 proxy (socks5:// and socks5h:// in all_proxy or https_proxy): the bytes RFC 1928 and
// RFC 1929 prescribe, checked by a strict proxy written here, and the same against microsocks (Debian's).
#include "tls_fixtures.hpp"

#include "support/microsocks.hpp"
#include "support/temp_dir.hpp"

using namespace agoras::test::tls;

namespace {

// The client's bytes, exactly `size` of them (the proxy must not read past a step: TLS follows).
std::string read_exactly(int fd, std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t got = 0; got < size;) {
        const ssize_t n = recv(fd, bytes.data() + got, size - got, 0);
        if (n <= 0) throw std::runtime_error("the client stopped after " + std::to_string(got) + " of " + std::to_string(size) + " bytes");
        got += static_cast<std::size_t>(n);
    }
    return bytes;
}

void send_bytes(int fd, const std::string& bytes) { send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL); }

// A SOCKS5 proxy for one tunnel that records what the client sent at each step and answers as its script says;
// a tunnel it grants leads to `target_port` on 127.0.0.1, whatever was asked for.
class StrictSocks5Proxy {
public:
    struct Script {
        unsigned char method = 0x00;  // what it chooses: 0x00 no login, 0x02 user and password, 0xFF none
        bool accept_login = true;
        unsigned char reply = 0x00;   // 0x00 granted, else RFC 1928's error code
        bool bound_by_name = false;   // say where it bound by a name rather than an address
    };
    StrictSocks5Proxy(int target_port, Script script) : target_port_(target_port), script_(script) {}
    int port() const { return server_.port; }
    std::string greeting, login, request;  // as received

private:
    void serve(int client, std::atomic<bool>& stopping) {
        timeval limit{5, 0};
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        try {
            if (negotiate(client)) return relay_to_loopback(client, target_port_, stopping);
        } catch (const std::exception&) {
        }
        close(client);
    }

    // True once the tunnel is granted.
    bool negotiate(int client) {
        greeting = read_exactly(client, 2);
        greeting += read_exactly(client, static_cast<unsigned char>(greeting[1]));
        send_bytes(client, {'\x05', static_cast<char>(script_.method)});
        if (script_.method == 0xFF) return false;
        if (script_.method == 0x02) {
            login = read_exactly(client, 2);
            login += read_exactly(client, static_cast<unsigned char>(login[1]));
            login += read_exactly(client, 1);
            login += read_exactly(client, static_cast<unsigned char>(login.back()));
            send_bytes(client, {'\x01', script_.accept_login ? '\x00' : '\x01'});
            if (!script_.accept_login) return false;
        }
        request = read_exactly(client, 4);
        const auto type = static_cast<unsigned char>(request[3]);
        if (type == 0x03) request += read_exactly(client, 1);
        request += read_exactly(client, (type == 0x01 ? 4u : type == 0x04 ? 16u : static_cast<unsigned char>(request.back())) + 2u);
        if (script_.reply != 0) {
            send_bytes(client, std::string{'\x05', static_cast<char>(script_.reply), '\x00', '\x01', 0, 0, 0, 0, 0, 0});
            return false;
        }
        send_bytes(client, script_.bound_by_name ? std::string("\x05\x00\x00\x03\x09localhost\x04\x38", 16)
                                                 : std::string("\x05\x00\x00\x01\x7f\x00\x00\x01\x04\x38", 10));
        return true;
    }

    int target_port_;
    Script script_;
    OneConnectionServer server_{[this](int client, std::atomic<bool>& stopping) { serve(client, stopping); }};
};

std::string proxy_url(const std::string& scheme, const std::string& credentials, int port) {
    return scheme + "://" + credentials + "127.0.0.1:" + std::to_string(port);
}

}  // namespace

TEST_CASE("http transport: socks5h:// hands the proxy the name, logs in with the URL's credentials, and its refusals are named", "[net][tls][proxy]") {
    agoras::test::TempDir dir("socks5h");
    CertificatePem pem;
    TrustOnly trust(certificate_for(dir.path(), "DNS:api.example.test", pem));
    TlsServer server("127.0.0.1", pem);
    const std::string to_name = std::string("\x05\x01\x00\x03\x10", 5) + "api.example.test\x01\xbb";  // CONNECT api.example.test:443
    const auto call = get("https://api.example.test/v1/me");  // resolves nowhere: only the proxy reaches it
    {
        StrictSocks5Proxy proxy(server.port, {0x02, true, 0x00, true});
        Variable all_proxy("all_proxy", proxy_url("socks5h", "agoras:p%40ss@", proxy.port()));
        const HttpAnswer answer = send_once(call);
        CHECK(answer.status == 200);
        CHECK(answer.body == R"({"ok":true})");
        CHECK(proxy.greeting == std::string("\x05\x02\x00\x02", 4));  // no login, or user and password
        CHECK(proxy.login == "\x01\x06" "agoras\x04p@ss");
        CHECK(proxy.request == to_name);
    }
    {
        StrictSocks5Proxy proxy(server.port, {});
        Variable https_proxy("https_proxy", proxy_url("socks5h", "", proxy.port()));
        CHECK(send_once(call).status == 200);
        CHECK(proxy.greeting == std::string("\x05\x01\x00", 3));  // without credentials, no login only
        CHECK(proxy.login.empty());
        CHECK(proxy.request == to_name);
    }
    {
        StrictSocks5Proxy proxy(server.port, {0xFF, true, 0x00, false});
        Variable https_proxy("https_proxy", proxy_url("socks5h", "", proxy.port()));
        CHECK_THROWS_WITH(send_once(call), Catch::Contains("wants a login: put user:password@ in the proxy URL"));
    }
    {
        StrictSocks5Proxy proxy(server.port, {0x02, false, 0x00, false});
        Variable https_proxy("https_proxy", proxy_url("socks5h", "agoras:wrong@", proxy.port()));
        CHECK_THROWS_WITH(send_once(call), Catch::Contains("refused the user name and password"));
    }
    {
        StrictSocks5Proxy proxy(server.port, {0x00, true, 0x05, false});
        Variable https_proxy("https_proxy", proxy_url("socks5h", "", proxy.port()));
        CHECK_THROWS_WITH(send_once(call), Catch::Contains("refused a tunnel to api.example.test port 443 (connection refused)"));
    }
    CHECK(server.requests == 2);
}

TEST_CASE("http transport: socks5:// hands the proxy the address agoras looked up, and an address as it is", "[net][tls][proxy]") {
    agoras::test::TempDir dir("socks5");
    CertificatePem pem;
    TrustOnly trust(certificate_for(dir.path(), "DNS:api.example.test,IP:192.0.2.7,IP:2001:db8::7", pem));
    TlsServer server("127.0.0.1", pem);
    {
        StrictSocks5Proxy proxy(server.port, {});
        Variable https_proxy("https_proxy", proxy_url("socks5", "", proxy.port()));
        CHECK(send_once(get("https://192.0.2.7:8443/v1/me")).status == 200);
        CHECK(proxy.request == std::string("\x05\x01\x00\x01\xc0\x00\x02\x07\x20\xfb", 10));  // 192.0.2.7:8443
    }
    {
        StrictSocks5Proxy proxy(server.port, {});
        Variable https_proxy("https_proxy", proxy_url("socks5", "", proxy.port()));
        CHECK(send_once(get("https://[2001:db8::7]/v1/me")).status == 200);
        CHECK(proxy.request == std::string("\x05\x01\x00\x04\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x07\x01\xbb", 22));
    }
    {
        // socks5:// looks names up here: one only the proxy could reach fails before the proxy is asked anything.
        StrictSocks5Proxy proxy(server.port, {});
        Variable https_proxy("https_proxy", proxy_url("socks5", "", proxy.port()));
        CHECK_THROWS_WITH(send_once(get("https://api.example.test/v1/me")), Catch::Contains("api.example.test"));
        CHECK(proxy.greeting.empty());
    }
    {
        Variable https_proxy("https_proxy", "socks5h://agoras@127.0.0.1:1080");  // RFC 1929 wants a password
        CHECK_THROWS_WITH(send_once(get("https://api.example.test/v1/me")), Catch::Contains("are 1 to 255 bytes each"));
    }
    {
        Variable https_proxy("https_proxy", "socks4://127.0.0.1:1080");
        CHECK_THROWS_WITH(send_once(get("https://api.example.test/v1/me")),
                          Catch::Contains("agoras tunnels through http://, socks5:// and socks5h:// proxies"));
    }
}

TEST_CASE("http transport: through microsocks, a real SOCKS5 server requiring a login", "[net][tls][proxy]") {
    agoras::test::TempDir dir("microsocks");
    CertificatePem pem;
    // 0.0.0.0 is not loopback to agoras (so the proxy is used), and Linux connects microsocks to it locally.
    TrustOnly trust(certificate_for(dir.path(), "IP:0.0.0.0", pem));
    TlsServer server("127.0.0.1", pem);
    agoras::test::Microsocks proxy("agoras", "s3cret:pass");
    const auto call = get("https://0.0.0.0:" + std::to_string(server.port) + "/v1/me");
    {
        Variable all_proxy("all_proxy", proxy_url("socks5h", "agoras:s3cret%3Apass@", proxy.port()));
        const HttpAnswer answer = send_once(call);
        CHECK(answer.status == 200);
        CHECK(answer.body == R"({"ok":true})");
    }
    {
        Variable all_proxy("all_proxy", proxy_url("socks5", "agoras:wrong@", proxy.port()));
        CHECK_THROWS_WITH(send_once(call), Catch::Contains("refused the user name and password"));
    }
    {
        Variable all_proxy("all_proxy", proxy_url("socks5", "", proxy.port()));
        CHECK_THROWS_WITH(send_once(call), Catch::Contains("wants a login"));
    }
    CHECK(server.requests == 1);
}
