// The Threads plugin's session, publisher and actions against agoras/testing.hpp's fake host: every
// request they make, in order, and what they do with each answer.
#include "actions.hpp"
#include "post.hpp"

#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

using agoras::Json;
using agoras::testing::Answer;
using agoras::testing::FakeHost;
using agoras::testing::json;
using agoras::testing::Request;

namespace {

constexpr const char* kGraph = "https://graph.threads.net";

bool starts(const Request& r, const std::string& method, const std::string& path) {
    return r.method == method && r.url.rfind(std::string(kGraph) + path, 0) == 0;
}

// Credentials from the options (as CI passes them): the token is refreshed for the run, user 42.
std::vector<std::pair<std::string, std::string>> ci_credentials(std::vector<std::pair<std::string, std::string>> more) {
    std::vector<std::pair<std::string, std::string>> values{{"app-id", "123"},
                                                            {"app-secret", "app-secret-value"},
                                                            {"threads-refresh-token", "old-token-value"},
                                                            {"threads-user-id", "42"},
                                                            {"reply-control", "everyone"}};
    values.insert(values.end(), more.begin(), more.end());
    return values;
}

// A Graph API that behaves; `publish` decides the answers of threads_publish.
struct Graph {
    std::function<Answer(int)> publish = [](int) { return json(200, R"({"id":"7001"})"); };
    std::string status = "FINISHED";
    int publishes = 0;
    Answer operator()(const Request& r) {
        if (starts(r, "GET", "/refresh_access_token")) return json(200, R"({"access_token":"new-token-value","expires_in":5184000})");
        if (starts(r, "POST", "/v1.0/42/threads_publish")) return publish(++publishes);
        if (starts(r, "POST", "/v1.0/42/threads")) return json(200, R"({"id":"7001"})");
        if (starts(r, "GET", "/v1.0/42/threads")) {  // the account's posts, newest first: one of them is ours
            return json(200, R"({"data":[{"id":"7010","text":"later"},{"id":"7002","text":"once","permalink":"https://www.threads.net/@me/post/C7002"}]})");
        }
        if (starts(r, "GET", "/v1.0/7001") && r.url.find("fields=permalink") != std::string::npos) {
            return json(200, R"({"id":"7001","permalink":"https://www.threads.net/@me/post/C7001"})");
        }
        if (starts(r, "GET", "/v1.0/7001")) return json(200, R"({"status":")" + status + R"("})");
        return json(404, R"({"error":{"message":"unexpected","code":100}})");
    }
};

}  // namespace

TEST_CASE("threads on a fake host: a text post is created, awaited and published once", "[threads]") {
    FakeHost host({"threads"});
    Graph graph;
    host.http = std::ref(graph);
    const auto call = host.invocation("threads", "post", ci_credentials({{"text", "hello"}}));
    agoras::threads::run_post(call.get());
    REQUIRE(host.results.size() == 1);
    CHECK(host.results[0] == R"({"id":"7001","url":"https://www.threads.net/@me/post/C7001"})");
    REQUIRE(host.requests.size() == 5);
    CHECK(starts(host.requests[0], "GET", "/refresh_access_token"));
    CHECK(starts(host.requests[1], "POST", "/v1.0/42/threads"));
    CHECK(host.requests[1].body.find("text=hello") != std::string::npos);
    CHECK(host.requests[1].body.find("access_token=new-token-value") != std::string::npos);  // the refreshed token
    CHECK(starts(host.requests[2], "GET", "/v1.0/7001"));
    CHECK(starts(host.requests[3], "POST", "/v1.0/42/threads_publish"));
    CHECK(starts(host.requests[4], "GET", "/v1.0/7001"));  // the permalink, for the result's url
    CHECK(host.vault.empty());  // credentials from options are never written
}

TEST_CASE("threads on a fake host: a publish answered 500 is checked, never repeated blindly", "[threads]") {
    FakeHost host({"threads"});
    Graph graph;
    graph.publish = [&graph](int) {
        graph.status = "PUBLISHED";  // Meta did publish, then failed to say so
        return json(500, R"({"error":{"message":"unexpected","code":2}})");
    };
    host.http = std::ref(graph);
    agoras::threads::run_post(host.invocation("threads", "post", ci_credentials({{"text", "once"}})).get());
    CHECK(graph.publishes == 1);
    // Found among the account's posts: its own id, not the container's (Meta does not promise they match).
    CHECK(host.results.at(0) == R"({"id":"7002"})");
}

TEST_CASE("threads on a fake host: Graph throttling is classified for the host, which bounds the sends", "[threads]") {
    FakeHost host({"threads"});
    Graph graph;
    host.http = [&graph](const Request& r) {
        if (starts(r, "POST", "/v1.0/42/threads") && !starts(r, "POST", "/v1.0/42/threads_publish")) {
            return json(400, R"({"error":{"message":"Application request limit reached","code":4}})");
        }
        return graph(r);
    };
    try {
        agoras::threads::run_post(host.invocation("threads", "post", ci_credentials({{"text", "busy"}})).get());
        FAIL("a throttled post succeeded");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_RATE_LIMITED);
    }
    int creates = 0;
    for (const auto& r : host.requests) creates += starts(r, "POST", "/v1.0/42/threads") ? 1 : 0;
    CHECK(creates == AGORAS_HTTP_DEFAULT_ATTEMPTS);
    CHECK(host.sleeps.size() == AGORAS_HTTP_DEFAULT_ATTEMPTS - 1);
}

TEST_CASE("threads on a fake host: a stored token a day old is refreshed once and written back once", "[threads]") {
    FakeHost host({"threads"});
    const std::int64_t now = host.now_ms / 1000;
    host.vault[{"threads", "123"}] =
        R"({"app_id":"123","app_secret":"app-secret-value","refresh_token":"old-token-value","user_id":"42",)"
        R"("username":"me","scopes":"","token_issued_at":)" + std::to_string(now - 2 * 86400) +
        R"(,"token_expires_at":)" + std::to_string(now + 50 * 86400) + "}";
    host.defaults["threads"] = "123";
    Graph graph;
    host.http = std::ref(graph);
    agoras::threads::run_post(host.invocation("threads", "post", {{"text", "from the vault"}, {"reply-control", "everyone"}}).get());
    const Json stored = Json::parse(host.vault.at({"threads", "123"}));
    CHECK(stored["refresh_token"].text() == "new-token-value");
    CHECK(stored["token_issued_at"].integer() == now);
    CHECK_FALSE(stored.has("refresh_lease_until"));  // the lease was given back
    CHECK(host.expiries.at({"threads", "123"}) == now + 5184000);
    CHECK(host.vault.size() == 1);  // no twin record
}

TEST_CASE("threads on a fake host: what Threads cannot take is refused before any request", "[threads]") {
    using agoras::sdk::Media;
    using agoras::sdk::Post;
    const auto refused = [](const Post& post) {
        try {
            agoras::threads::validate_post(post);
        } catch (const agoras::sdk::Error& e) {
            CHECK(e.status() == AGORAS_ERR_USAGE);
            return std::string(e.what());
        }
        return std::string();
    };
    Post long_text;
    long_text.text = std::string(501, 'a');
    CHECK(refused(long_text).find("501 characters long; Threads allows 500") != std::string::npos);
    Post emoji;  // 500 code points of 4 bytes each fit: Threads counts code points, not bytes
    for (int i = 0; i < 500; ++i) emoji.text += "\xf0\x9f\x98\x80";
    CHECK(refused(emoji).empty());
    Post local;
    local.media.push_back({AGORAS_MEDIA_IMAGE, "/home/me/cat.jpg", "", ""});
    CHECK(refused(local).find("Threads takes no uploads") != std::string::npos);
    Post many;
    for (int i = 0; i < 21; ++i) many.media.push_back({AGORAS_MEDIA_IMAGE, "https://example.com/" + std::to_string(i), "", ""});
    CHECK(refused(many).find("21 images; a post holds at most 20") != std::string::npos);
    Post mixed;
    mixed.media.push_back({AGORAS_MEDIA_IMAGE, "https://example.com/a.jpg", "", ""});
    mixed.media.push_back({AGORAS_MEDIA_VIDEO, "https://example.com/a.mp4", "", ""});
    CHECK_FALSE(refused(mixed).empty());
    Post carousel;
    carousel.text = "album";
    carousel.media.push_back({AGORAS_MEDIA_IMAGE, "https://example.com/a.jpg", "", "a cat"});
    carousel.media.push_back({AGORAS_MEDIA_IMAGE, "https://example.com/b.jpg", "", ""});
    const Json adapted = agoras::threads::validate_post(carousel);
    CHECK(adapted["media_type"].text() == "CAROUSEL");
    CHECK(adapted["media"][0]["alt_text"].text() == "a cat");
}

TEST_CASE("threads on a fake host: authorize stores one record and makes it the default", "[threads]") {
    FakeHost host({"threads"});
    host.http = [](const Request& r) {
        if (starts(r, "POST", "/oauth/access_token")) return json(200, R"({"access_token":"short-token-value","user_id":42})");
        if (starts(r, "GET", "/access_token")) return json(200, R"({"access_token":"THLL-long-token","expires_in":5184000})");
        if (starts(r, "GET", "/v1.0/me")) return json(200, R"({"id":"42","username":"me","name":"Me"})");
        return json(404, "{}");
    };
    host.vault[{"threads", "default"}] = R"({"app_id":"123","refresh_token":"stale-twin"})";  // from an older agoras
    agoras::threads::run_authorize(
        host.invocation("threads", "authorize", {{"app-id", "123"}, {"app-secret", "app-secret-value"}}).get());
    CHECK(host.vault.size() == 1);
    CHECK(Json::parse(host.vault.at({"threads", "123"}))["refresh_token"].text() == "THLL-long-token");
    CHECK(host.defaults.at("threads") == "123");
    const auto exchange = host.requests.at(0);
    CHECK(exchange.body.find("redirect_uri=https%3A%2F%2Flocalhost%3A3456%2Fcallback") != std::string::npos);
    CHECK(exchange.body.find("code=FAKE_CODE") != std::string::npos);
    CHECK(host.results.at(0).find("\"authorized\":true") != std::string::npos);
}
