#include <agoras/json.hpp>

#include <catch2/catch.hpp>

using agoras::Json;

TEST_CASE("sdk json: nested values, chained lookups, exact numbers", "[sdk]") {
    const Json j = Json::parse(
        R"({"data":[{"name":"likes","values":[{"value":100}]},{"total_value":{"value":7}}],"id":17841405793187218,)"
        R"("ok":true,"none":null,"text":"a\"b\u00e9\ud83d\ude00\n"})");
    CHECK(j.is_object());
    CHECK(j["data"].size() == 2);
    CHECK(j["data"][0]["name"].text() == "likes");
    CHECK(j["data"][0]["values"][0]["value"].integer() == 100);
    CHECK(j["data"][1]["total_value"]["value"].serialize() == "7");
    CHECK(j["id"].text() == "17841405793187218");
    CHECK(j["id"].integer() == 17841405793187218LL);
    CHECK(j["ok"].boolean());
    CHECK(j["none"].is_null());
    CHECK(j["text"].text() == "a\"b\xc3\xa9\xf0\x9f\x98\x80\n");
    CHECK(j["missing"]["deeper"][3].is_null());  // absent members read as null
    CHECK(Json::parse(j.serialize()).serialize() == j.serialize());
}

TEST_CASE("sdk json: malformed input is rejected", "[sdk]") {
    for (const char* bad : {"", "{", "{\"a\"}", "{\"a\":}", "[1,]", "tru", "{\"a\":1} x", "\"\\q\"", "-", "[[[[" }) {
        INFO(bad);
        CHECK_THROWS_AS(Json::parse(bad), std::invalid_argument);
    }
    CHECK_THROWS_AS(Json::parse(std::string(100, '[') + std::string(100, ']')), std::invalid_argument);  // depth
    CHECK(Json::parse(" [ ] ").is_array());
}
