#include "output/result_output.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <ctime>

using agoras::host::output::human_line;

TEST_CASE("readable results: fields in order, the permalink last, nulls left out, dates in local ISO 8601", "[output]") {
    CHECK(human_line(R"({"id":"1789","url":"https://t.me/c/1/2","deleted":true,"error":null})") ==
          "id 1789  deleted true  https://t.me/c/1/2");
    setenv("TZ", "Asia/Tokyo", 1);
    tzset();
    CHECK(human_line(R"({"user_id":"17","token_expires_at":1796000000,"count":1796000000})") ==
          "user_id 17  token_expires_at 2026-11-30T09:53:20+09:00  count 1796000000");
    setenv("TZ", "UTC", 1);
    tzset();
    CHECK(human_line(R"({"expires_at":1796000000,"nested":{"a":[1,2]}})") == "expires_at 2026-11-30T00:53:20+00:00  nested {\"a\":[1,2]}");
    CHECK(human_line("not json") == "not json");
}
