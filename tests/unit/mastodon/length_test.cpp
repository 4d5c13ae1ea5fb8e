#include "api.hpp"
#include "length.hpp"

#include <agoras/sdk/error.hpp>

#include <catch2/catch.hpp>

using agoras::mastodon::normalize_instance;
using agoras::mastodon::status_length;

TEST_CASE("mastodon length: graphemes, URLs as the instance's reserved length, remote mentions as local", "[mastodon]") {
    CHECK(status_length("hello", "", 23) == 5);
    CHECK(status_length("\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7 e\xCC\x81", "", 23) == 3);  // a flag, a space, é
    CHECK(status_length("see https://example.com/a/very/long/path?with=query", "", 23) == 4 + 23);
    CHECK(status_length("see https://x.org/p.", "", 23) == 4 + 23 + 1);  // the full stop is the sentence's
    CHECK(status_length("(https://x.org/p)", "", 10) == 1 + 10 + 1);
    CHECK(status_length("hi @alice@mastodon.example.social!", "", 23) == 3 + 6 + 1);
    CHECK(status_length("@alice", "", 23) == 6);              // a local mention counts as written
    CHECK(status_length("mail me@example.com", "", 23) == 19);  // not a mention: inside a word
    CHECK(status_length("text", "CW: spoilers", 23) == 4 + 12);  // the content warning counts too
    CHECK(status_length("ftp://x.org", "", 23) == 11);
}

TEST_CASE("mastodon instance: a bare host gets https, anything else that is no address is refused", "[mastodon]") {
    CHECK(normalize_instance("mastodon.social") == "https://mastodon.social");
    CHECK(normalize_instance("https://mastodon.social/") == "https://mastodon.social");
    CHECK(normalize_instance("http://127.0.0.1:8080/mastodon") == "http://127.0.0.1:8080/mastodon");
    CHECK_THROWS_AS(normalize_instance("https://"), agoras::sdk::Error);
    CHECK_THROWS_AS(normalize_instance("me@mastodon.social"), agoras::sdk::Error);
    CHECK_THROWS_AS(normalize_instance("ftp://mastodon.social"), agoras::sdk::Error);
}
