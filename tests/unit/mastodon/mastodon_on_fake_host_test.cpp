// The Mastodon plugin against agoras/testing.hpp's fake host: one status, one Idempotency-Key.
#include "mastodon.hpp"

#include "support/images.hpp"
#include "support/temp_dir.hpp"

#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using agoras::Json;
using agoras::testing::Answer;
using agoras::testing::FakeHost;
using agoras::testing::json;
using agoras::testing::Request;

namespace {

constexpr const char* kInstance = "https://social.example";

std::string header(const Request& r, const std::string& name) {
    for (const auto& [key, value] : r.headers) {
        if (key == name) return value;
    }
    return "";
}

// An instance whose limits are the defaults and which makes every status it is sent.
struct Instance {
    int statuses = 0;
    Answer operator()(const Request& r) {
        if (r.url.find("/api/v2/instance") != std::string::npos) {
            return json(200, R"({"configuration":{"statuses":{"max_characters":500,"max_media_attachments":4,)"
                             R"("characters_reserved_per_url":23}}})");
        }
        if (r.method == "POST" && r.url == std::string(kInstance) + "/api/v1/statuses") {
            ++statuses;
            return json(200, R"({"id":"110000000000000001","url":"https://social.example/@me/110000000000000001"})");
        }
        return json(404, R"({"error":"Record not found"})");
    }
};

}  // namespace

TEST_CASE("mastodon on a fake host: a status carries its token and an Idempotency-Key, checkpointed first", "[mastodon]") {
    FakeHost host({"mastodon"});
    Instance instance;
    host.http = std::ref(instance);
    const auto call = host.invocation("mastodon", "post",
                                      {{"text", "hello"}, {"instance", kInstance}, {"access-token", "SECRET-token"}});
    agoras::mastodon::run_post(call.get());
    CHECK(instance.statuses == 1);
    const Request& status = host.requests.back();
    CHECK(header(status, "Authorization") == "Bearer SECRET-token");
    const std::string key = header(status, "Idempotency-Key");
    CHECK(key.size() >= 16);
    CHECK(status.body.find("status=hello") != std::string::npos);
    // The checkpoint names the key before the status is sent, so an interrupted run can send it again.
    REQUIRE_FALSE(host.checkpoints.empty());
    CHECK(Json::parse(host.checkpoints.back())["idempotency_key"].text() == key);
    REQUIRE(host.results.size() == 1);
    CHECK(Json::parse(host.results[0])["id"].text() == "110000000000000001");
}

TEST_CASE("mastodon on a fake host: a media id that is really a path never reaches a URL", "[mastodon][security]") {
    FakeHost host({"mastodon"});
    Instance instance;
    host.http = [&instance](const Request& r) {
        if (r.url.find("/api/v2/media") != std::string::npos) return json(202, R"({"id":"../../../../evil?x=1#"})");
        return instance(r);
    };
    agoras::test::TempDir dir("mastodon-unit");
    const auto image = (dir.path() / "a.png").string();
    agoras::test::write_file(image, std::string("\x89PNG\r\n\x1A\n", 8) + std::string(64, '\0'));
    const auto call = host.invocation("mastodon", "post", {{"text", "hello"}, {"image", image}, {"instance", kInstance},
                                                           {"access-token", "SECRET-token"}});
    try {
        agoras::mastodon::run_post(call.get());
        FAIL("a path was taken for a media id");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_REMOTE);
    }
    for (const auto& r : host.requests) CHECK(r.url.find("evil") == std::string::npos);
    CHECK(instance.statuses == 0);
}

TEST_CASE("mastodon on a fake host: the limits are kept in the cache a day, and a damaged entry is not believed", "[mastodon]") {
    FakeHost host({"mastodon"});
    Instance instance;
    host.http = std::ref(instance);
    const auto limits_reads = [&] {
        return std::count_if(host.requests.begin(), host.requests.end(),
                             [](const Request& r) { return r.url.find("/api/v2/instance") != std::string::npos; });
    };
    const auto post = [&](const std::string& text) {
        const auto call = host.invocation("mastodon", "post", {{"text", text}, {"instance", kInstance}, {"access-token", "SECRET-token"}});
        agoras::mastodon::run_post(call.get());
    };
    post("first");
    post("second");
    CHECK(limits_reads() == 1);
    CHECK(host.vault.empty());  // nothing in the vault: a run with these credentials never opens it
    host.now_ms += 24 * 3600 * 1000;
    post("a day later");
    CHECK(limits_reads() == 2);
    // An entry a user or a bug made absurd falls back to the defaults rather than allowing any length.
    for (auto& [key, entry] : host.cache) entry.second = R"({"max_characters":-1,"max_media_attachments":99999999})";
    const auto call = host.invocation("mastodon", "post", {{"text", std::string(501, 'a')}, {"instance", kInstance},
                                                           {"access-token", "SECRET-token"}});
    CHECK_THROWS_AS(agoras::mastodon::run_post(call.get()), agoras::sdk::Error);
    CHECK(instance.statuses == 3);
}
