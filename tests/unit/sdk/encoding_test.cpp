// sdk/encoding.hpp: base64url for the host, the plugins and the sandbox.
#include <agoras/sdk/encoding.hpp>

#include <catch2/catch.hpp>

TEST_CASE("base64url: RFC 4648 section 5, no padding, strict on the way back", "[sdk]") {
    using agoras::sdk::base64url_decode;
    using agoras::sdk::base64url_encode;
    CHECK(base64url_encode("") == "");
    CHECK(base64url_encode("f") == "Zg");
    CHECK(base64url_encode("fooba") == "Zm9vYmE");
    CHECK(base64url_encode(std::string("\xfb\xff\xfe", 3)) == "-__-");
    CHECK(base64url_decode("Zm9vYmE") == std::optional<std::string>("fooba"));
    CHECK(base64url_decode("Zm9vYmE=") == std::optional<std::string>("fooba"));
    CHECK(base64url_decode("-__-") == std::optional<std::string>(std::string("\xfb\xff\xfe", 3)));
    CHECK_FALSE(base64url_decode("Zm9v+mE"));  // the standard alphabet is not base64url
    CHECK_FALSE(base64url_decode("Z"));        // no encoder makes one character
    for (const std::string& bytes : {std::string("a"), std::string("abcd"), std::string("\x00\x01\x02", 3)}) {
        CHECK(base64url_decode(base64url_encode(bytes)) == std::optional<std::string>(bytes));
    }
}
