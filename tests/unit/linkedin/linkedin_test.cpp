// LinkedIn's little-format escaping, post URNs from URLs, and the pinned API version's sunset.
#include "little.hpp"
#include "session.hpp"
#include "versions.hpp"

#include <agoras/sdk/error.hpp>

#include <catch2/catch.hpp>

#include <ctime>

using namespace agoras::linkedin;

TEST_CASE("linkedin little: every reserved character is escaped, the backslash too, nothing else", "[linkedin]") {
    CHECK(escape_little("plain text, with punctuation: yes! 100% \"quoted\" é 日本") ==
          "plain text, with punctuation: yes! 100% \"quoted\" é 日本");
    for (const char c : std::string("|{}@[]()<>#*_~")) {
        CHECK(escape_little(std::string("a") + c + "b") == std::string("a\\") + c + "b");
    }
    CHECK(escape_little("\\") == "\\\\");
    CHECK(escape_little("\\(") == "\\\\\\(");  // a backslash before a reserved character stays a backslash
    CHECK(escape_little("#launch @team (v2) a_b") == "\\#launch \\@team \\(v2\\) a\\_b");
}

TEST_CASE("linkedin post ids: a URN or a feed/update URL", "[linkedin]") {
    CHECK(post_urn_of("urn:li:share:7400000000000000001") == "urn:li:share:7400000000000000001");
    CHECK(post_urn_of("urn:li:ugcPost:123") == "urn:li:ugcPost:123");
    CHECK(post_urn_of("https://www.linkedin.com/feed/update/urn:li:activity:7123/") == "urn:li:activity:7123");
    CHECK(post_urn_of("https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A42?utm=x") == "urn:li:share:42");
    CHECK_THROWS_AS(post_urn_of("urn:li:share:12/../x"), agoras::sdk::Error);
    CHECK_THROWS_AS(post_urn_of("https://evil.example/feed/update/urn:li:share:1"), agoras::sdk::Error);
    CHECK_THROWS_AS(post_urn_of("42"), agoras::sdk::Error);
}

TEST_CASE("linkedin version: the pinned version is more than 60 days from its sunset", "[linkedin]") {
    const char* sunset = nullptr;
    for (const auto& row : kSunsets) {
        if (std::string(row.version) == kPinnedVersion) sunset = row.sunset;
    }
    REQUIRE(sunset != nullptr);  // every pinned version has its sunset written down
    std::tm tm{};
    REQUIRE(strptime(sunset, "%Y-%m-%d", &tm) != nullptr);
    const std::time_t days_left = (timegm(&tm) - std::time(nullptr)) / 86400;
    INFO("LinkedIn sunsets API version " << kPinnedVersion << " on " << sunset << ": pin a newer one in plugins/linkedin/versions.hpp");
    CHECK(days_left > 60);
}
