#include "cli/action_options.hpp"

#include "log/redactor.hpp"
#include "status_error.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace agoras::host;
using plugins::ActionInfo;
using plugins::OptionInfo;

namespace {

ActionInfo sample_action() {
    ActionInfo action{"post", "post something", {}};
    OptionInfo text{"text", AGORAS_OPTION_STRING, true, std::nullopt, std::nullopt, "text", false};
    OptionInfo count{"count", AGORAS_OPTION_INTEGER, false, std::string("1"), std::string("TEST_COUNT"), "n", false};
    OptionInfo shout{"shout", AGORAS_OPTION_FLAG, false, std::nullopt, std::nullopt, "flag", false};
    OptionInfo token{"token", AGORAS_OPTION_STRING, false, std::nullopt, std::string("TEST_TOKEN"), "t", true};
    action.options = {text, count, shout, token};
    return action;
}

std::string value_of(const cli::ParsedAction& parsed, const std::string& name) {
    for (const auto& [n, v] : parsed.values) {
        if (n == name) return v;
    }
    return "<absent>";
}

int usage_status(const std::vector<std::string>& tokens) {
    try {
        cli::parse_action_options(sample_action(), tokens);
    } catch (const StatusError& e) {
        return e.status();
    }
    return 0;
}

}  // namespace

TEST_CASE("action options: values come from argv, then the environment, then the default", "[cli]") {
    unsetenv("TEST_COUNT");
    auto parsed = cli::parse_action_options(sample_action(), {"--text", "hello", "--shout"});
    CHECK(value_of(parsed, "text") == "hello");
    CHECK(value_of(parsed, "count") == "1");
    CHECK(value_of(parsed, "shout") == "true");
    CHECK(value_of(parsed, "token") == "<absent>");

    setenv("TEST_COUNT", "7", 1);
    CHECK(value_of(cli::parse_action_options(sample_action(), {"--text", "x"}), "count") == "7");
    CHECK(value_of(cli::parse_action_options(sample_action(), {"--text", "x", "--count=9"}), "count") == "9");
    unsetenv("TEST_COUNT");
}

TEST_CASE("action options: an empty argv value falls back to the environment", "[cli]") {
    setenv("TEST_COUNT", "3", 1);
    CHECK(value_of(cli::parse_action_options(sample_action(), {"--text", "x", "--count", ""}), "count") == "3");
    unsetenv("TEST_COUNT");
}

TEST_CASE("action options: usage errors", "[cli]") {
    CHECK(usage_status({}) == AGORAS_ERR_USAGE);                                  // required --text missing
    CHECK(usage_status({"--text", "a", "--bogus"}) == AGORAS_ERR_USAGE);          // unknown option
    CHECK(usage_status({"--tex", "a"}) == AGORAS_ERR_USAGE);                      // no guessed abbreviations
    CHECK(usage_status({"--text", "a", "stray"}) == AGORAS_ERR_USAGE);            // stray argument
    CHECK(usage_status({"--text", "a", "--count", "many"}) == AGORAS_ERR_USAGE);  // not an integer
    CHECK(usage_status({"--text", "a", "--text", "b"}) == AGORAS_ERR_USAGE);      // given twice
    CHECK(usage_status({"--text", "a"}) == 0);
}

TEST_CASE("action options: the error names the option", "[cli]") {
    try {
        cli::parse_action_options(sample_action(), {"--text", "a", "extra"});
        FAIL("no error");
    } catch (const StatusError& e) {
        CHECK(std::string(e.what()).find("'extra'") != std::string::npos);
    }
    try {
        cli::parse_action_options(sample_action(), {});
        FAIL("no error");
    } catch (const StatusError& e) {
        CHECK(std::string(e.what()).find("--text") != std::string::npos);
    }
}

TEST_CASE("action options: secret values are registered for redaction", "[cli]") {
    cli::parse_action_options(sample_action(), {"--text", "a", "--token", "tok-unit-test-123"});
    CHECK(log::redact("x tok-unit-test-123 y") == "x [REDACTED] y");
}

TEST_CASE("action options: --help short-circuits required options", "[cli]") {
    CHECK(cli::parse_action_options(sample_action(), {"--help"}).help);
    CHECK(cli::parse_action_options(sample_action(), {"-h"}).help);
}
