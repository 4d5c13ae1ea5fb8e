#include "richtext.hpp"

#include <text.hpp>

#include <agoras/sdk/error.hpp>

#include <catch2/catch.hpp>

using namespace agoras::bluesky;

namespace {

std::string slice(const std::string& text, const FacetCandidate& f) {
    return text.substr(f.byte_start, f.byte_end - f.byte_start);
}

std::string repeat(const std::string& unit, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += unit;
    return out;
}

}  // namespace

TEST_CASE("graphemes: what a reader sees as one character counts once", "[bluesky][text]") {
    CHECK(agoras::text::count_graphemes("") == 0);
    CHECK(agoras::text::count_graphemes("abc") == 3);
    CHECK(agoras::text::count_graphemes("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7") == 1);  // 👩‍👩‍👧 (ZWJ)
    CHECK(agoras::text::count_graphemes("\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5") == 2);  // 🇧🇷🇯🇵: pairs
    CHECK(agoras::text::count_graphemes("e\xCC\x81") == 1);                  // e + combining acute
    CHECK(agoras::text::count_graphemes("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") == 1);  // 👍🏽 (skin tone)
    CHECK(agoras::text::count_graphemes("\r\n") == 1);
    CHECK(agoras::text::count_graphemes("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8") == 1);  // a Hangul syllable in jamo
    CHECK_THROWS_AS(agoras::text::count_graphemes("\xC3"), agoras::sdk::Error);
}

TEST_CASE("post text: 300 graphemes and 3000 bytes, whichever comes first", "[bluesky][text]") {
    const std::string flag = "\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7";  // 8 bytes, one grapheme
    CHECK_NOTHROW(check_post_text(repeat(flag, 300), "text"));    // 2400 bytes
    CHECK_NOTHROW(check_post_text(repeat("e\xCC\x81", 300), "text"));
    try {
        check_post_text(repeat("e\xCC\x81", 301), "the text");
        FAIL("301 graphemes were accepted");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_USAGE);
        CHECK(std::string(e.what()).find("301") != std::string::npos);
    }
    const std::string family = "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 18 bytes
    CHECK_THROWS_WITH(check_post_text(repeat(family, 170), "the text"), Catch::Contains("3060 bytes"));
}

TEST_CASE("facets: byte ranges cover @handle, #tag and the URL exactly, after multi-byte text", "[bluesky][text]") {
    const std::string text = "Olá 👋 @bob.sandbox.test, veja https://example.com/a(b)?q=1. e #Ação! (https://x.org/p)";
    const auto facets = find_facets(text);
    REQUIRE(facets.size() == 4);
    CHECK(facets[0].kind == FacetCandidate::Kind::mention);
    CHECK(slice(text, facets[0]) == "@bob.sandbox.test");
    CHECK(facets[0].value == "bob.sandbox.test");
    CHECK(facets[0].byte_start == 10);  // "Olá " is 5 bytes, "👋 " 5 more
    CHECK(facets[1].kind == FacetCandidate::Kind::link);
    CHECK(slice(text, facets[1]) == "https://example.com/a(b)?q=1");
    CHECK(facets[2].kind == FacetCandidate::Kind::tag);
    CHECK(slice(text, facets[2]) == "#Ação");
    CHECK(facets[2].value == "Ação");
    CHECK(facets[3].value == "https://x.org/p");  // the closing parenthesis is the sentence's
}

TEST_CASE("facets: what is not a mention, a link or a tag", "[bluesky][text]") {
    CHECK(find_facets("mail me@example.com").empty());   // not at a word start
    CHECK(find_facets("@nodot and @-bad.com").empty());   // not handles
    CHECK(find_facets("#123 #!! a#b").empty());           // digits or punctuation only; inside a word
    CHECK(find_facets("see http:// or ftp://x.org").empty());
    const std::string long_tag = "#" + repeat("a", 65);
    CHECK(find_facets(long_tag).empty());                 // over 64 graphemes
    const auto trailing = find_facets("go to @alice.bsky.social.");
    REQUIRE(trailing.size() == 1);
    CHECK(trailing[0].value == "alice.bsky.social");
}
