// publish/fanout: the exit policy of a publish to several targets.
#include "publish/fanout.hpp"

#include <catch2/catch.hpp>

using agoras::host::publish::exit_code_of;
using agoras::host::publish::kPartialFailure;

TEST_CASE("exit_code_of: 0 when every target succeeded", "[publish]") {
    CHECK(exit_code_of({}) == 0);
    CHECK(exit_code_of({0, 0, 0}) == 0);
}

TEST_CASE("exit_code_of: the first failure's code when every target failed", "[publish]") {
    CHECK(exit_code_of({AGORAS_ERR_AUTH}) == AGORAS_ERR_AUTH);
    CHECK(exit_code_of({AGORAS_ERR_NETWORK, AGORAS_ERR_AUTH}) == AGORAS_ERR_NETWORK);
}

TEST_CASE("exit_code_of: partial failure when some were published and some failed", "[publish]") {
    CHECK(exit_code_of({0, AGORAS_ERR_AUTH}) == kPartialFailure);
    CHECK(exit_code_of({AGORAS_ERR_NETWORK, 0, 0}) == kPartialFailure);
}
