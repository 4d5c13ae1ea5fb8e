#include "url.hpp"

#include <catch2/catch.hpp>

using namespace agoras::threads;

TEST_CASE("threads url: parameters are percent-encoded", "[threads]") {
    CHECK(percent_encode("a b&c=d/é~_.-") == "a%20b%26c%3Dd%2F%C3%A9~_.-");
    CHECK(encode_params({{"scope", "threads_basic,threads_delete"}, {"redirect_uri", "https://localhost:3456/callback"}}) ==
          "scope=threads_basic%2Cthreads_delete&redirect_uri=https%3A%2F%2Flocalhost%3A3456%2Fcallback");
    CHECK(with_query("https://x/y", {}) == "https://x/y");
    CHECK(with_query("https://x/y?a=1", {{"b", "2"}}) == "https://x/y?a=1&b=2");
}
