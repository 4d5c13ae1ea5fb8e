#include "records.hpp"
#include "session.hpp"

#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

#include <regex>

using namespace agoras::bluesky;

TEST_CASE("record names: at:// URIs and bsky.app URLs", "[bluesky]") {
    const auto uri = parse_record_name("at://did:plc:abc/app.bsky.feed.post/3kxyz", "post-id");
    CHECK(uri.repo == "did:plc:abc");
    CHECK(uri.collection == "app.bsky.feed.post");
    CHECK(uri.rkey == "3kxyz");
    const auto url = parse_record_name("https://bsky.app/profile/alice.bsky.social/post/3kabc?ref=x", "post-id");
    CHECK(url.repo == "alice.bsky.social");
    CHECK(url.collection == "app.bsky.feed.post");
    CHECK(url.uri() == "at://alice.bsky.social/app.bsky.feed.post/3kabc");
    for (const char* bad : {"3kabc", "at://did:plc:abc/app.bsky.feed.post", "https://bsky.app/profile/a/lists/x",
                            "https://evil.example/profile/a/post/b", "at://a/b/c/d", "at://a b/c/d"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_record_name(bad, "post-id"), agoras::sdk::Error);
    }
}

TEST_CASE("record keys are TIDs, and timestamps carry a zone", "[bluesky]") {
    agoras::testing::FakeHost fake;
    const std::string key = new_record_key(fake.host());
    CHECK(std::regex_match(key, std::regex("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}")));
    CHECK(new_record_key(fake.host()) != key);
    CHECK(std::regex_match(record_timestamp(fake.host()), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}

TEST_CASE("sessions: JWT expiry is read from the payload, a login name becomes one vault identifier", "[bluesky]") {
    // {"exp":1700000000} in base64url, between two dummy parts.
    CHECK(jwt_expiry("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.c2ln") == 1700000000);
    CHECK(jwt_expiry("not-a-jwt") == 0);
    CHECK(jwt_expiry("a.!!!.b") == 0);
    CHECK(identifier_of("@Alice.Bsky.Social") == "alice.bsky.social");
    CHECK(identifier_of("Me@Example.com") == "me@example.com");
}

TEST_CASE("records: a created record's URI must name that record, never a path the server made up", "[bluesky][security]") {
    agoras::testing::FakeHost fake({"bluesky"});
    std::string answered;
    fake.http = [&answered](const agoras::testing::Request&) {
        return agoras::testing::json(200, R"({"uri":")" + answered + R"(","cid":"bafyrei"})");
    };
    Xrpc xrpc(fake.host(), "https://pds.example", false);
    const RecordName name{"did:plc:abc", "app.bsky.feed.post", "3kabc"};
    answered = "at://did:plc:abc/app.bsky.feed.post/3kabc";
    CHECK(create_record(xrpc, fake.host(), name, agoras::Json::object(), "posting").uri == answered);
    for (const char* bad : {"at://did:plc:abc/app.bsky.feed.post/../../evil", "at://did:plc:abc/../x/app.bsky.feed.post/3kabc",
                            "https://evil.example/app.bsky.feed.post/3kabc", ""}) {
        INFO(bad);
        answered = bad;
        CHECK_THROWS_AS(create_record(xrpc, fake.host(), name, agoras::Json::object(), "posting"), agoras::sdk::Error);
    }
}
