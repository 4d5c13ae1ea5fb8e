#include "validation.hpp"

#include <agoras/plugin.hpp>
#include <catch2/catch.hpp>

using namespace agoras::threads;

TEST_CASE("threads validation: text length counts characters, not bytes", "[threads]") {
    CHECK(count_characters("") == 0);
    CHECK(count_characters("h\xc3\xa9llo") == 5);
    CHECK(count_characters("\xf0\x9f\x98\x80") == 1);
    CHECK_THROWS_AS(count_characters("\xff"), agoras::sdk::Error);
    CHECK_NOTHROW(check_text(std::string(500, 'x'), "text"));
    CHECK_THROWS_AS(check_text(std::string(501, 'x'), "text"), agoras::sdk::Error);
}

TEST_CASE("threads validation: URLs, reply control and post ids", "[threads]") {
    CHECK_NOTHROW(check_media_url("https://example.com/a.jpg", "image-1"));
    CHECK_NOTHROW(check_media_url("http://example.com/a.jpg", "image-1"));
    for (const char* bad : {"ftp://x/a.jpg", "example.com/a.jpg", "https://", "https://a b"}) {
        INFO(bad);
        CHECK_THROWS_AS(check_media_url(bad, "image-1"), agoras::sdk::Error);
    }
    CHECK_NOTHROW(check_reply_control("mentioned_only"));
    CHECK_THROWS_AS(check_reply_control("nobody"), agoras::sdk::Error);
    CHECK_NOTHROW(check_post_id("18000000000000001", "post-id"));
    CHECK_THROWS_AS(check_post_id("../me", "post-id"), agoras::sdk::Error);
}

TEST_CASE("threads validation: text and link are joined as the original did", "[threads]") {
    CHECK(join_text_and_link(" hi ", "https://x") == "hi https://x");
    CHECK(join_text_and_link("", "https://x") == "https://x");
    CHECK(join_text_and_link("hi", "") == "hi");
}
