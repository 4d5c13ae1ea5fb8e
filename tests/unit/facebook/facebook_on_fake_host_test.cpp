// The Facebook and Instagram platforms against agoras/testing.hpp's fake host.
#include "facebook.hpp"
#include "instagram.hpp"

#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

using agoras::Json;
using agoras::testing::Answer;
using agoras::testing::FakeHost;
using agoras::testing::json;
using agoras::testing::Request;

namespace {

constexpr const char* kGraph = "https://graph.facebook.com/v21.0";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("facebook on a fake host: a Page post is made once with the Page's token from the vault", "[facebook]") {
    FakeHost host({"facebook", "instagram"});
    host.vault[{"facebook", "111"}] = R"({"object_id":"111","page_token":"PAGE-SECRET","page_name":"Page"})";
    host.defaults["facebook"] = "111";
    host.http = [](const Request& r) {
        if (r.method == "POST" && r.url.rfind(std::string(kGraph) + "/111/feed", 0) == 0) return json(200, R"({"id":"111_5"})");
        return json(400, R"({"error":{"message":"unexpected","code":100}})");
    };
    const auto call = host.invocation("facebook", "post", {{"text", "hello"}});
    agoras::facebook::run_post(call.get());
    REQUIRE(host.requests.size() == 1);
    CHECK(has(host.requests[0].body, "message=hello"));
    CHECK(has(host.requests[0].body + host.requests[0].url, "access_token=PAGE-SECRET"));
    REQUIRE(host.results.size() == 1);
    CHECK(Json::parse(host.results[0])["id"].text() == "111_5");
}

TEST_CASE("instagram on a fake host: a container is made, awaited, published once, then its permalink read", "[facebook]") {
    FakeHost host({"facebook", "instagram"});
    host.vault[{"instagram", "178"}] = R"({"object_id":"178","refresh_token":"USER-SECRET","username":"me"})";
    host.defaults["instagram"] = "178";
    int polls = 0, publishes = 0;
    host.http = [&](const Request& r) -> Answer {
        const std::string path = r.url.substr(std::string(kGraph).size());
        if (r.method == "POST" && path.rfind("/178/media_publish", 0) == 0) {
            ++publishes;
            return json(200, R"({"id":"555"})");
        }
        if (r.method == "POST" && path.rfind("/178/media", 0) == 0) return json(200, R"({"id":"900"})");
        if (r.method == "GET" && path.rfind("/900", 0) == 0) {
            return json(200, ++polls < 2 ? R"({"status_code":"IN_PROGRESS"})" : R"({"status_code":"FINISHED"})");
        }
        if (r.method == "GET" && path.rfind("/555", 0) == 0) return json(200, R"({"permalink":"https://www.instagram.com/p/X/"})");
        return json(400, R"({"error":{"message":"unexpected","code":100}})");
    };
    const auto call = host.invocation("instagram", "post", {{"text", "a photo"}, {"image", "https://example.com/a.jpg"}});
    agoras::instagram::run_post(call.get());
    CHECK(publishes == 1);
    CHECK(polls == 2);
    CHECK(host.sleeps.size() == 1);  // waited once, on the host's clock
    REQUIRE(host.results.size() == 1);
    CHECK(Json::parse(host.results[0])["url"].text() == "https://www.instagram.com/p/X/");
}
