#include "net/http_service.hpp"

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
        if (status == 0) throw StatusError(AGORAS_ERR_NETWORK, "connection refused");
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
