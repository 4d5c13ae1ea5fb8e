#include "cli/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>

using agoras::host::cli::is_valid_utf8;

TEST_CASE("utf8: well-formed text of every length is accepted", "[cli]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("caf\xc3\xa9"));                  // U+00E9
    CHECK(is_valid_utf8("\xe2\x82\xac"));                 // U+20AC
    CHECK(is_valid_utf8("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"));  // a ZWJ sequence
    CHECK(is_valid_utf8("\xf4\x8f\xbf\xbf"));             // U+10FFFF, the last code point
    CHECK(is_valid_utf8("\xed\x9f\xbf"));                 // U+D7FF, just below the surrogates
}

TEST_CASE("utf8: overlong forms, surrogates, values above U+10FFFF and stray bytes are refused", "[cli]") {
    // Found by the red team: each of these was accepted in --text and sent.
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));               // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));           // overlong '/', three bytes
    CHECK_FALSE(is_valid_utf8("\xf0\x80\x80\xaf"));       // overlong '/', four bytes
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));           // U+D800, a surrogate
    CHECK_FALSE(is_valid_utf8("\xed\xbf\xbf"));           // U+DFFF
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));       // U+110000
    CHECK_FALSE(is_valid_utf8("\xf8\x88\x80\x80\x80"));   // five-byte form
    CHECK_FALSE(is_valid_utf8("\x80"));                   // lone continuation byte
    CHECK_FALSE(is_valid_utf8("ab\xc3"));                 // cut short
    CHECK_FALSE(is_valid_utf8("\xc3\x28"));               // bad continuation
    CHECK_FALSE(is_valid_utf8("\xff"));
}

TEST_CASE("utf8: a prefix is cut between characters, never inside one", "[cli]") {
    using agoras::host::cli::utf8_prefix;
    CHECK(utf8_prefix("hello", 10) == "hello");
    CHECK(utf8_prefix("hello", 3) == "hel");
    const std::string e_acute = "\xc3\xa9";  // two bytes
    CHECK(utf8_prefix("a" + e_acute, 2) == "a");
    CHECK(utf8_prefix("a" + e_acute, 3) == "a" + e_acute);
    const std::string emoji = "\xf0\x9f\x98\x80";  // four bytes
    for (std::size_t n = 0; n < 4; ++n) CHECK(utf8_prefix(emoji, n).empty());
    CHECK(agoras::host::cli::is_valid_utf8(utf8_prefix(std::string(299, 'x') + e_acute, 300)));
}

TEST_CASE("utf8: the first invalid byte is named by its offset", "[cli]") {
    using agoras::host::cli::first_invalid_utf8;
    CHECK_FALSE(first_invalid_utf8("caf\xc3\xa9"));
    CHECK(first_invalid_utf8("ab\xff") == std::optional<std::size_t>(2));
    CHECK(first_invalid_utf8("a\xc3(") == std::optional<std::size_t>(1));   // a lead byte without its continuation
    CHECK(first_invalid_utf8("\xed\xa0\x80") == std::optional<std::size_t>(0));  // a surrogate
}
