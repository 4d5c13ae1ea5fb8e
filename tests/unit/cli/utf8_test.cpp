#include "cli/utf8.hpp"

#include <catch2/catch.hpp>

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
