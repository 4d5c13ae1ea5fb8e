#include <agoras/json.hpp>
#include <agoras/json_object.hpp>

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

TEST_CASE("json: numbers follow RFC 8259 exactly, and keep their digits whatever their size", "[sdk]") {
    for (const char* good : {"0", "-0", "12", "-3.25", "1e9", "2E-3", "0.5e+10", "123456789012345678901234567890"}) {
        INFO(good);
        const auto value = agoras::Json::parse(good);
        CHECK(value.is_number());
        CHECK(value.text() == good);
    }
    for (const char* bad : {"01", "1.", ".5", "1e", "1e+", "-", "+1", "1.2.3", "0x10", "1-2", "--1", "NaN"}) {
        INFO(bad);
        CHECK_THROWS_AS(agoras::Json::parse(bad), std::invalid_argument);
    }
}

TEST_CASE("json: hostile input is refused or made safe, never a crash", "[sdk]") {
    CHECK_THROWS_AS(agoras::Json::parse(std::string(100000, '[')), std::invalid_argument);  // no stack overflow
    CHECK_NOTHROW(agoras::Json::parse(std::string(60, '[') + std::string(60, ']')));
    // A lone surrogate is not text: it becomes U+FFFD, so every string read is valid UTF-8.
    CHECK(agoras::Json::parse(R"("a\ud800b")").text() == "a\xef\xbf\xbd" "b");
    CHECK(agoras::Json::parse(R"("\udc00")").text() == "\xef\xbf\xbd");
    CHECK(agoras::Json::parse(R"("\ud83d\ude00")").text() == "\xf0\x9f\x98\x80");
    CHECK(agoras::Json::parse(R"("\ud800\u0041")").text() == "\xef\xbf\xbd" "A");
    CHECK_THROWS_AS(agoras::Json::parse("\"raw\ncontrol\""), std::invalid_argument);
}

TEST_CASE("json: values are built, nested and printed, compact or indented", "[sdk]") {
    using agoras::Json;
    Json post = Json::object();
    post.set("text", "caf\xc3\xa9 \"quoted\"\n").set("count", 3).set("big", Json::number_literal("17841405793187218"));
    post.set("draft", false).set("none", nullptr);
    post.set("media", Json::array().push(Json::object().set("alt", "a cat")).push("plain"));
    post.set("count", 4);  // set replaces
    CHECK(post.serialize() ==
          R"({"text":"caf)" "\xc3\xa9" R"( \"quoted\"\n","count":4,"big":17841405793187218,"draft":false,"none":null,)"
          R"("media":[{"alt":"a cat"},"plain"]})");
    CHECK(Json::parse(post.serialize()).serialize() == post.serialize());  // round trip
    CHECK(Json::object().set("a", 1).set("b", Json::array_of(std::vector<std::string>{"x"})).pretty() ==
          "{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ]\n}");
    CHECK(Json::object().pretty() == "{}");
    CHECK_THROWS_AS(Json::number_literal("12abc"), std::invalid_argument);
    CHECK_THROWS_AS(Json("s").push(1), std::logic_error);
    // The 1.0 builder is a front over it: raw JSON is parsed, so it can never make a result invalid.
}

TEST_CASE("json: lookups on a temporary live as long as the loop over them", "[sdk][json]") {
    std::vector<std::string> seen;
    for (const auto& row : agoras::Json::parse(R"({"values":[["a","b"],["c"]]})")["values"].items()) {
        for (const auto& cell : row.items()) seen.push_back(cell.text());
    }
    CHECK(seen == std::vector<std::string>{"a", "b", "c"});
    for (const auto& [name, value] : agoras::Json::parse(R"({"k":"v"})").members()) CHECK(name + value.text() == "kv");
}
