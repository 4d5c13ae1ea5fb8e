#include "log/redactor.hpp"

#include <catch2/catch.hpp>

using namespace agoras::host::log;

TEST_CASE("redactor: every occurrence of every secret is replaced", "[log]") {
    add_secret("alpha-secret");
    add_secret("beta-secret-2");
    CHECK(redact("alpha-secret and beta-secret-2 and alpha-secret") == "[REDACTED] and [REDACTED] and [REDACTED]");
    CHECK(redact("nothing here") == "nothing here");
}

TEST_CASE("redactor: a secret containing another is replaced whole", "[log]") {
    add_secret("tok-value");
    add_secret("tok-value-long");
    CHECK(redact("tok-value-long") == "[REDACTED]");
}

TEST_CASE("redactor: empty and short secrets are not matched in free text", "[log]") {
    add_secret("");
    add_secret("1");
    add_secret("\"");
    add_secret("1234567");
    // Found by the red team: a secret "1" turned an id into "[REDACTED]8000000000000002".
    CHECK(redact("18000000000000002 \"x\" 1234567") == "18000000000000002 \"x\" 1234567");
}

TEST_CASE("printable: control characters from servers cannot reach the terminal raw", "[log]") {
    CHECK(printable("plain text\twith tab\nand line") == "plain text\twith tab\nand line");
    CHECK(printable("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J");
    CHECK(printable("carriage\rreturn") == "carriage\\x0dreturn");
    CHECK(printable("c1 \xc2\x9b" "31m") == "c1 \\x9b31m");
    CHECK(printable("caf\xc3\xa9 \xe2\x9c\x93") == "caf\xc3\xa9 \xe2\x9c\x93");  // UTF-8 text is kept
}
