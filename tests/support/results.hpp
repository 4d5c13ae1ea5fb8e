// Reading what the real binary printed, for integration tests: the first result line of a run that
// must have succeeded.
#pragma once

#include "support/process.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

namespace agoras::test {

inline Json result_of(const ProcessResult& r) {
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return Json::parse(r.out.substr(0, r.out.find('\n')));
}

}  // namespace agoras::test
