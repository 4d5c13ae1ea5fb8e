// The Discord plugin against agoras/testing.hpp's fake host.
#include "discord.hpp"

#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using agoras::Json;
using agoras::testing::FakeHost;
using agoras::testing::json;
using agoras::testing::Request;

namespace {

constexpr const char* kWebhook = "https://discord.com/api/webhooks/111111111111111111/SECRET-webhook-token";

}  // namespace

TEST_CASE("discord on a fake host: a webhook message is sent once and waited for, its token kept secret", "[discord]") {
    FakeHost host({"discord"});
    host.vault[{"discord", "webhook:111111111111111111"}] = std::string(R"({"webhook_url":")") + kWebhook + R"("})";
    host.defaults["discord"] = "webhook:111111111111111111";
    host.http = [](const Request&) {
        return json(200, R"({"id":"900000000000000001","channel_id":"222222222222222222","guild_id":"333333333333333333"})");
    };
    const auto call = host.invocation("discord", "post", {{"text", "hello"}});
    agoras::discord::run_post(call.get());
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests[0].method == "POST");
    CHECK(host.requests[0].url == std::string(kWebhook) + "?wait=true");
    CHECK(Json::parse(host.requests[0].body)["content"].text() == "hello");
    CHECK_FALSE(host.requests[0].retry_safe);  // a second send would post twice
    REQUIRE(host.results.size() == 1);
    CHECK(Json::parse(host.results[0])["id"].text() == "900000000000000001");
    CHECK(std::find(host.secrets.begin(), host.secrets.end(), "SECRET-webhook-token") != host.secrets.end());
}

TEST_CASE("discord on a fake host: a rate-limited send waits as Discord says, then goes once", "[discord]") {
    FakeHost host({"discord"});
    int calls = 0;
    host.http = [&calls](const Request&) {
        if (++calls == 1) return json(429, R"({"message":"You are being rate limited.","retry_after":1.5,"global":false})");
        return json(200, R"({"id":"900000000000000002","channel_id":"222222222222222222"})");
    };
    const auto call = host.invocation("discord", "post", {{"text", "hello"}, {"webhook-url", kWebhook}});
    agoras::discord::run_post(call.get());
    CHECK(host.requests.size() == 2);
    REQUIRE(host.sleeps.size() == 1);
    CHECK(host.sleeps[0] >= 1500);
    CHECK(host.results.size() == 1);
}

TEST_CASE("discord on a fake host: a message id that is really a path is refused, never printed", "[discord][security]") {
    FakeHost host({"discord"});
    host.http = [](const Request&) { return json(200, R"({"id":"1/../../x","channel_id":"222222222222222222"})"); };
    const auto call = host.invocation("discord", "post", {{"text", "hello"}, {"webhook-url", kWebhook}});
    CHECK_THROWS_AS(agoras::discord::run_post(call.get()), agoras::sdk::Error);
    CHECK(host.results.empty());
}
