// Post length as X counts it (twitter-text v3's weights, URLs and emoji), and post ids from URLs.
#include "session.hpp"
#include "weighted_length.hpp"

#include <agoras/sdk/error.hpp>

#include "support/text.hpp"

#include <catch2/catch.hpp>

using agoras::test::repeat;
using agoras::x::find_urls;
using agoras::x::weighted_length;

TEST_CASE("x length: Latin and the like count 1, CJK and most symbols 2", "[x]") {
    CHECK(weighted_length("") == 0);
    CHECK(weighted_length(std::string(280, 'a')) == 280);
    CHECK(weighted_length(repeat("日", 140)) == 280);
    CHECK(weighted_length(repeat("日", 141)) == 282);
    CHECK(weighted_length("שלום") == 4);          // Hebrew
    CHECK(weighted_length("Привет") == 6);        // Cyrillic
    CHECK(weighted_length("\u201Cquoted\u201D") == 8);  // curly quotes are in a weight-1 range
    CHECK(weighted_length("\u2026") == 2);         // the ellipsis is not
    CHECK(weighted_length("한국어") == 6);
}

TEST_CASE("x length: after NFC, so a decomposed accent is one character", "[x]") {
    CHECK(weighted_length("cafe\u0301") == 4);
    CHECK(weighted_length("caf\u00e9") == 4);
}

TEST_CASE("x length: an emoji sequence counts 2 in all", "[x]") {
    CHECK(weighted_length("\U0001F44D") == 2);                                          // thumbs up
    CHECK(weighted_length("\U0001F44D\U0001F3FD") == 2);                                // with a skin tone
    CHECK(weighted_length("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466") == 2);  // a family
    CHECK(weighted_length("\U0001F1EA\U0001F1F8") == 2);                                // a flag
    CHECK(weighted_length("1\uFE0F\u20E3") == 2);                                       // a keycap
    CHECK(weighted_length("hi \U0001F44B") == 5);
}

TEST_CASE("x length: every URL counts 23, with or without a scheme", "[x]") {
    CHECK(weighted_length("https://example.com/" + std::string(100, 'a')) == 23);
    CHECK(weighted_length("see https://e.co") == 4 + 23);
    CHECK(weighted_length("see example.com.") == 4 + 23 + 1);
    CHECK(weighted_length("t.co/abc") == 23);
    CHECK(weighted_length("readme.md") == 9);          // a country domain without a path is not a link
    CHECK(weighted_length("me@example.com") == 14);    // an e-mail address is not a link
    CHECK(weighted_length("file.notatld") == 12);
    CHECK(weighted_length("(https://example.com/a_(b))") == 2 + 23);
    const std::string text = std::string(256, 'a') + " https://example.com/" + std::string(300, 'p');
    CHECK(weighted_length(text) == 280);
    const auto urls = find_urls("go to https://x.com/a?b=c#d, or www.example.org!");
    REQUIRE(urls.size() == 2);
    CHECK(urls[0].begin == 6);
    CHECK(urls[0].end == 27);
}

TEST_CASE("x length: invalid UTF-8 is a usage error", "[x]") {
    try {
        weighted_length("\xff\xfe");
        FAIL("no error");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_USAGE);
    }
}

TEST_CASE("x post ids: an id, or a status URL on x.com or twitter.com", "[x]") {
    CHECK(agoras::x::post_id_of("1860000000000000001") == "1860000000000000001");
    CHECK(agoras::x::post_id_of("https://x.com/someone/status/1860000000000000001") == "1860000000000000001");
    CHECK(agoras::x::post_id_of("https://twitter.com/someone/status/123?s=20") == "123");
    CHECK(agoras::x::post_id_of("https://mobile.twitter.com/a/status/42/photo/1") == "42");
    CHECK_THROWS_AS(agoras::x::post_id_of("https://evil.example/a/status/42"), agoras::sdk::Error);
    CHECK_THROWS_AS(agoras::x::post_id_of("12a"), agoras::sdk::Error);
}
