#include "net/http_service.hpp"
#include "net/http_transport.hpp"

#include "status_error.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace agoras::host;
using namespace agoras::host::net;

namespace {

struct ScriptedTransport {
    std::vector<int> statuses;  // 0 = network failure
    int calls = 0;
    HttpAnswer operator()(const HttpCall&) {
        const int status = statuses.at(static_cast<std::size_t>(calls++));
        if (status == 0) throw TransportError("connection refused", true);
        HttpAnswer answer;
        answer.status = status;
        if (status == 429) answer.headers.emplace_back("retry-after", "2");
        return answer;
    }
};

HttpAnswer run(ScriptedTransport& transport, bool retry_safe) {
    HttpCall call;
    call.url = "https://example.com/x";
    call.retry_safe = retry_safe;
    return send_with_policy(call, [&](const HttpCall& c) { return transport(c); });
}

}  // namespace

TEST_CASE("http policy: 429 is retried for any request, 5xx and network failures only when retry-safe", "[net]") {
    setenv("AGORAS_SLEEP_SCALE", "0", 1);
    ScriptedTransport throttled{{429, 429, 200}};
    CHECK(run(throttled, false).status == 200);
    CHECK(throttled.calls == 3);

    ScriptedTransport server_error{{500, 200}};
    CHECK(run(server_error, false).status == 500);
    CHECK(server_error.calls == 1);
    ScriptedTransport server_error_safe{{500, 200}};
    CHECK(run(server_error_safe, true).status == 200);

    ScriptedTransport refused{{0, 200}};
    CHECK_THROWS_AS(run(refused, false), StatusError);
    ScriptedTransport refused_safe{{0, 200}};
    CHECK(run(refused_safe, true).status == 200);

    ScriptedTransport always{{429, 429, 429, 429, 429}};
    CHECK(run(always, true).status == 429);
    CHECK(always.calls == kMaxAttempts);
}

TEST_CASE("http policy: backoff doubles with jitter and honours Retry-After", "[net]") {
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const auto wait = backoff_ms(attempt, nullptr);
        const std::uint64_t base = 500ULL << (attempt - 1);
        CHECK(wait >= base);
        CHECK(wait <= base + base / 2);
    }
    HttpAnswer answer;
    answer.headers.emplace_back("Retry-After", "7");
    CHECK(backoff_ms(1, &answer) == 7000);
    answer.headers.back().second = "100000";
    CHECK(backoff_ms(1, &answer) == 120000);
}

TEST_CASE("http policy: Retry-After of any size or form never crashes and is capped", "[net]") {
    const std::time_t now = 1'700'000'000;
    CHECK(parse_retry_after("7", now) == 7000u);
    CHECK(parse_retry_after(" 3 ", now) == 3000u);
    // Found by the red team: this made std::stoull throw and agoras exit 1.
    CHECK(parse_retry_after("99999999999999999999999999999999", now) == kMaxRetryAfterMs);
    CHECK(parse_retry_after("1000000", now) == kMaxRetryAfterMs);
    CHECK(parse_retry_after("-5", now) == std::nullopt);
    CHECK(parse_retry_after("soon", now) == std::nullopt);
    CHECK(parse_retry_after("", now) == std::nullopt);
    // 1700000000 is Tue, 14 Nov 2023 22:13:20 GMT.
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now) == 30000u);
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now) == 0u);
    CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == kMaxRetryAfterMs);
    CHECK(parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT trailing", now) == std::nullopt);
}

TEST_CASE("http policy: API requests never follow redirects, downloads follow a bounded, checked number", "[net]") {
    setenv("AGORAS_SLEEP_SCALE", "0", 1);
    auto redirect_to = [](const std::string& location) {
        HttpAnswer answer;
        answer.status = 302;
        answer.redirect_url = location;
        return answer;
    };
    HttpCall call;
    call.method = "POST";
    call.url = "https://api.example.com/publish";
    int sends = 0;
    const auto once = [&](const HttpCall&) { ++sends; return redirect_to("https://elsewhere.example/x?token=1"); };
    try {
        send_with_policy(call, once);
        FAIL("a redirect was followed");
    } catch (const StatusError& e) {
        CHECK(e.status() == AGORAS_ERR_REMOTE);
        CHECK(std::string(e.what()).find("https://elsewhere.example/x") != std::string::npos);
        CHECK(std::string(e.what()).find("token=1") == std::string::npos);
    }
    CHECK(sends == 1);

    HttpCall download;
    download.url = "https://cdn.example.com/a.jpg";
    download.max_redirects = 2;
    std::vector<std::string> visited;
    const auto hops = [&](const HttpCall& c) {
        visited.push_back(c.url);
        if (visited.size() == 1) return redirect_to("https://cdn2.example.com/a.jpg");
        HttpAnswer ok;
        ok.status = 200;
        return ok;
    };
    CHECK(send_with_policy(download, hops).status == 200);
    CHECK(visited == std::vector<std::string>{"https://cdn.example.com/a.jpg", "https://cdn2.example.com/a.jpg"});

    // Each hop is held to the URL policy: a redirect to plain http elsewhere is refused.
    const auto to_http = [&](const HttpCall&) { return redirect_to("http://evil.example/a.jpg"); };
    CHECK_THROWS_AS(send_with_policy(download, to_http), StatusError);
    // And the number of hops is bounded.
    const auto forever = [&](const HttpCall& c) { return redirect_to(c.url + "x"); };
    CHECK_THROWS_AS(send_with_policy(download, forever), StatusError);
    // A public server cannot send agoras to this machine or a private network, by any scheme.
    for (const char* inside : {"http://127.0.0.1:8080/secret", "https://127.0.0.1/secret", "https://10.1.2.3/x",
                               "https://[::1]/x", "https://localhost/x", "https://192.168.1.1/x"}) {
        INFO(inside);
        const auto to_inside = [&](const HttpCall&) { return redirect_to(inside); };
        CHECK_THROWS_AS(send_with_policy(download, to_inside), StatusError);
    }
    // A server the user named on loopback may redirect to itself (the sandbox does).
    HttpCall local;
    local.url = "http://127.0.0.1:9/a.jpg";
    local.max_redirects = 1;
    visited.clear();
    const auto to_itself = [&](const HttpCall& c) {
        visited.push_back(c.url);
        if (visited.size() == 1) return redirect_to("http://127.0.0.1:9/b.jpg");
        HttpAnswer ok;
        ok.status = 200;
        return ok;
    };
    CHECK(send_with_policy(local, to_itself).status == 200);
}

TEST_CASE("http policy: RateLimit-Reset and X-RateLimit-Reset in their three forms", "[net]") {
    const std::time_t now = 1'700'000'000;  // Tue, 14 Nov 2023 22:13:20 GMT
    CHECK(parse_rate_limit_reset("20", now) == 20000u);                      // seconds from now (IETF)
    CHECK(parse_rate_limit_reset("1700000030", now) == 30000u);              // a Unix time (Bluesky)
    CHECK(parse_rate_limit_reset("2023-11-14T22:14:20.123Z", now) == 60000u);  // ISO 8601 (Mastodon)
    CHECK(parse_rate_limit_reset("2023-11-14T22:00:00Z", now) == 0u);
    CHECK(parse_rate_limit_reset("9999999999999999999", now) == kMaxRetryAfterMs);
    CHECK(parse_rate_limit_reset("soon", now) == std::nullopt);
    HttpAnswer answer;
    answer.headers.emplace_back("x-ratelimit-reset", "5");
    CHECK(backoff_ms(1, &answer) == 5000);
}

TEST_CASE("http policy: the plugin's classifier decides, within max_attempts", "[net]") {
    setenv("AGORAS_SLEEP_SCALE", "0", 1);
    ScriptedTransport throttled{{400, 400, 400, 400, 400, 400, 400, 400, 400}};
    HttpCall call;
    call.url = "https://example.com/x";
    call.max_attempts = 3;
    call.classify = [](const HttpAnswer&, std::uint32_t&) { return Verdict::retry; };
    CHECK(send_with_policy(call, [&](const HttpCall& c) { return throttled(c); }).attempts == 3);
    CHECK(throttled.calls == 3);
    ScriptedTransport final_429{{429, 200}};
    call.classify = [](const HttpAnswer&, std::uint32_t&) { return Verdict::final; };
    CHECK(send_with_policy(call, [&](const HttpCall& c) { return final_429(c); }).status == 429);
    CHECK(final_429.calls == 1);
}
