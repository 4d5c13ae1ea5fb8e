#include "core/environment.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <stdexcept>

using agoras::host::core::env;

TEST_CASE("environment: variables are read through the one table, empty counts as unset", "[core]") {
    setenv("AGORAS_HTTP_TIMEOUT", "12", 1);
    CHECK(env("AGORAS_HTTP_TIMEOUT") == std::optional<std::string>("12"));
    setenv("AGORAS_HTTP_TIMEOUT", "", 1);
    CHECK_FALSE(env("AGORAS_HTTP_TIMEOUT"));
    unsetenv("AGORAS_HTTP_TIMEOUT");
    CHECK_FALSE(env("AGORAS_HTTP_TIMEOUT"));
    // A variable read anywhere in the host must be in the table (and so in the help).
    CHECK_THROWS_AS(env("AGORAS_NOT_DECLARED"), std::logic_error);
}

TEST_CASE("environment: AGORAS_OAUTH_PORT is one whole port number, read once for every platform", "[core]") {
    using agoras::host::core::oauth_port;
    unsetenv("AGORAS_OAUTH_PORT");
    CHECK(oauth_port() == 3456);
    setenv("AGORAS_OAUTH_PORT", "8123", 1);
    CHECK(oauth_port() == 8123);
    for (const char* bad : {"3456x", "0", "65536", "-1", " 80", "99999999999999999999"}) {
        setenv("AGORAS_OAUTH_PORT", bad, 1);
        INFO(bad);
        CHECK_THROWS_WITH(oauth_port(), Catch::Contains("AGORAS_OAUTH_PORT must be a whole number of 1-65535"));
    }
    unsetenv("AGORAS_OAUTH_PORT");
}

TEST_CASE("environment: AGORAS_OAUTH_TIMEOUT is 1-3600 seconds, or unset", "[core]") {
    using agoras::host::core::oauth_timeout_seconds;
    unsetenv("AGORAS_OAUTH_TIMEOUT");
    CHECK_FALSE(oauth_timeout_seconds());
    setenv("AGORAS_OAUTH_TIMEOUT", "2", 1);
    CHECK(oauth_timeout_seconds() == std::optional<std::uint32_t>(2));
    for (const char* bad : {"0", "3601", "1.5", "ten"}) {
        setenv("AGORAS_OAUTH_TIMEOUT", bad, 1);
        INFO(bad);
        CHECK_THROWS_WITH(oauth_timeout_seconds(), Catch::Contains("AGORAS_OAUTH_TIMEOUT must be"));
    }
    unsetenv("AGORAS_OAUTH_TIMEOUT");
}
