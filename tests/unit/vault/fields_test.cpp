#include "vault/fields.hpp"

#include <catch2/catch.hpp>

using namespace agoras::host::vault;

TEST_CASE("fields: parses what Python's json.dumps wrote, keeping order and number precision", "[vault]") {
    const auto fields = from_json(
        R"({"app_id": "123", "app_secret": "s\u00e9cr\"et", "refresh_token": "TH\ud83d\ude00", "user_id": 17841405793187218, "scopes": ["a", "b"], "ok": true})");
    REQUIRE(fields.size() == 6);
    CHECK(fields[0].first == "app_id");
    CHECK(fields[1].second.text == "s\xc3\xa9" "cr\"et");
    CHECK(fields[2].second.text == "TH\xf0\x9f\x98\x80");
    CHECK_FALSE(fields[3].second.is_string);
    CHECK(fields[3].second.text == "17841405793187218");
    CHECK(fields[4].second.text == R"(["a","b"])");
    CHECK(fields[5].second.text == "true");
    CHECK(to_json(fields) ==
          "{\"app_id\":\"123\",\"app_secret\":\"s\xc3\xa9" "cr\\\"et\",\"refresh_token\":\"TH\xf0\x9f\x98\x80\","
          "\"user_id\":17841405793187218,\"scopes\":[\"a\",\"b\"],\"ok\":true}");
    CHECK(from_json(to_json(fields)).size() == 6);
}

TEST_CASE("fields: invalid JSON is rejected", "[vault]") {
    for (const char* bad : {"", "[]", "{", "{\"a\"}", "{\"a\":}", "{\"a\":nope}", "{\"a\":\"x\"} trailing", "{\"a\":\"\\q\"}"}) {
        INFO(bad);
        CHECK_THROWS_AS(from_json(bad), std::invalid_argument);
    }
    CHECK(from_json("{}").empty());
}

TEST_CASE("fields: secret names follow the original's rule", "[vault]") {
    CHECK(is_secret_field("refresh_token"));
    CHECK(is_secret_field("app_secret"));
    CHECK(is_secret_field("API_KEY"));
    CHECK(is_secret_field("app_password"));  // and what app-password logins keep
    CHECK(is_secret_field("access_jwt"));
    CHECK(is_secret_field("webhook_url"));
    CHECK_FALSE(is_secret_field("user_id"));
    // What a plugin declares secret is, whatever its name; the rule still holds beside it.
    CHECK(is_secret_field("session_cookie", {"session_cookie"}));
    CHECK_FALSE(is_secret_field("session_cookie", {"other"}));
    CHECK(is_secret_field("refresh_token", {"session_cookie"}));
}
