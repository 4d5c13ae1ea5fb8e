// The OAuth callback listener against local clients that misbehave: floods of idle and
// half-finished connections, forged callbacks, the other address family.
#include "net/callback_listener.hpp"

#include "support/sandbox_process.hpp"

#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <thread>
#include <vector>

using namespace agoras::host::net;
using Kind = CallbackOutcome::Kind;
using Clock = std::chrono::steady_clock;

namespace {

int connect_to(int family, int port) {
    const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int rc = -1;
    if (family == AF_INET) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        rc = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    } else {
        sockaddr_in6 address{};
        address.sin6_family = AF_INET6;
        address.sin6_port = htons(static_cast<uint16_t>(port));
        address.sin6_addr = in6addr_loopback;
        rc = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
    if (rc != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

// GET `url` as a browser would (TLS not verified: the certificate is self-signed); the HTTP status.
long browse(const std::string& url) {
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t count, void*) { return size * count; });
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(curl);
    return status;
}

bool has_ipv6_loopback() {
    std::ifstream interfaces("/proc/net/if_inet6");
    std::string line;
    while (std::getline(interfaces, line)) {
        if (line.rfind("00000000000000000000000000000001", 0) == 0) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("callback listener: a flood of idle and half-finished connections neither crashes nor blocks it",
          "[net][listener]") {
    // Found by the red team: ~350 such connections made cpprestsdk's listener segfault.
    const int port = agoras::test::free_port();
    ListenerSettings limits;
    limits.connection_time = std::chrono::milliseconds(1500);
    CallbackListener listener(static_cast<std::uint16_t>(port), "the-state", true, limits);
    auto client = std::async(std::launch::async, [port] {
        std::vector<int> held;
        for (int i = 0; i < 400; ++i) {
            const int fd = connect_to(AF_INET, port);
            if (fd < 0) continue;
            if (i % 3 == 1) (void)!write(fd, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);  // a ClientHello cut short
            if (i % 3 == 2) (void)!write(fd, "GET /callback?code=x", 20);                       // not TLS at all
            held.push_back(fd);
        }
        const long status = browse("https://127.0.0.1:" + std::to_string(port) + "/callback?code=real-code&state=the-state");
        for (int fd : held) close(fd);
        return status;
    });
    const auto outcome = listener.wait_until(Clock::now() + std::chrono::seconds(30));
    CHECK(client.get() == 200);
    REQUIRE(outcome);
    CHECK(outcome->kind == Kind::code);
    CHECK(outcome->value == "real-code");
}

TEST_CASE("callback listener: only the callback with the right state counts", "[net][listener]") {
    // Found by the red team: one request with ?error=x, or with a wrong state, ended authorize.
    const int port = agoras::test::free_port();
    CallbackListener listener(static_cast<std::uint16_t>(port), "the-state");
    const std::string base = "https://127.0.0.1:" + std::to_string(port);
    auto client = std::async(std::launch::async, [base] {
        std::vector<long> statuses;
        statuses.push_back(browse(base + "/callback?error=access_denied"));
        statuses.push_back(browse(base + "/callback?code=attacker-code&state=guessed"));
        statuses.push_back(browse(base + "/callback?code=attacker-code"));
        statuses.push_back(browse(base + "/favicon.ico"));
        statuses.push_back(browse(base + "/callback?code=real-code&state=the-state"));
        return statuses;
    });
    const auto outcome = listener.wait_until(Clock::now() + std::chrono::seconds(30));
    CHECK(client.get() == std::vector<long>{400, 400, 400, 404, 200});
    REQUIRE(outcome);
    CHECK(outcome->kind == Kind::code);
    CHECK(outcome->value == "real-code");
}

TEST_CASE("callback listener: a refusal with the right state ends the wait", "[net][listener]") {
    const int port = agoras::test::free_port();
    CallbackListener listener(static_cast<std::uint16_t>(port), "the-state");
    auto client = std::async(std::launch::async, [port] {
        return browse("https://127.0.0.1:" + std::to_string(port) +
                      "/callback?error=access_denied&error_description=no+thanks&state=the-state");
    });
    const auto outcome = listener.wait_until(Clock::now() + std::chrono::seconds(30));
    CHECK(client.get() == 400);
    REQUIRE(outcome);
    CHECK(outcome->kind == Kind::failure);
    CHECK(outcome->value == "authorization was refused: access_denied (no thanks)");
}

TEST_CASE("callback listener: [::1] is served on the same port, so no other user can take localhost there",
          "[net][listener]") {
    if (!has_ipv6_loopback()) {
        WARN("no IPv6 loopback on this machine; skipped");
        return;
    }
    const int port = agoras::test::free_port();
    CallbackListener listener(static_cast<std::uint16_t>(port), "s");
    // Another process cannot bind [::1] on that port now.
    const int squatter = socket(AF_INET6, SOCK_STREAM, 0);
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(static_cast<uint16_t>(port));
    address.sin6_addr = in6addr_loopback;
    CHECK(bind(squatter, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0);
    close(squatter);
    auto client = std::async(std::launch::async, [port] {
        return browse("https://[::1]:" + std::to_string(port) + "/callback?code=v6-code&state=s");
    });
    const auto outcome = listener.wait_until(Clock::now() + std::chrono::seconds(30));
    CHECK(client.get() == 200);
    REQUIRE(outcome);
    CHECK(outcome->value == "v6-code");
}

TEST_CASE("callback listener: plain HTTP for RFC 8252 loopback redirects, and the deadline", "[net][listener]") {
    const int port = agoras::test::free_port();
    CallbackListener listener(static_cast<std::uint16_t>(port), "s", false);
    auto client = std::async(std::launch::async, [port] {
        return browse("http://127.0.0.1:" + std::to_string(port) + "/callback?code=plain&state=s");
    });
    const auto outcome = listener.wait_until(Clock::now() + std::chrono::seconds(30));
    CHECK(client.get() == 200);
    REQUIRE(outcome);
    CHECK(outcome->value == "plain");

    CallbackListener idle(static_cast<std::uint16_t>(agoras::test::free_port()), "s");
    const auto start = Clock::now();
    CHECK_FALSE(idle.wait_until(start + std::chrono::milliseconds(300)));
    CHECK(Clock::now() - start < std::chrono::seconds(2));
}
