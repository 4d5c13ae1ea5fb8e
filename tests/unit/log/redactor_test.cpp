#include "log/redactor.hpp"

#include <catch2/catch.hpp>

using namespace agoras::host::log;

TEST_CASE("redactor: every occurrence of every secret is replaced", "[log]") {
    add_secret("alpha-secret");
    add_secret("beta");
    CHECK(redact("alpha-secret and beta and alpha-secret") == "[REDACTED] and [REDACTED] and [REDACTED]");
    CHECK(redact("nothing here") == "nothing here");
}

TEST_CASE("redactor: a secret containing another is replaced whole", "[log]") {
    add_secret("tok");
    add_secret("tok-long-value");
    CHECK(redact("tok-long-value") == "[REDACTED]");
}

TEST_CASE("redactor: empty secrets are ignored", "[log]") {
    add_secret("");
    CHECK(redact("abc") == "abc");
}
