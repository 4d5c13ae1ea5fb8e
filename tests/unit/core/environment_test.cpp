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
