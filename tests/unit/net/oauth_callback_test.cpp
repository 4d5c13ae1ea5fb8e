#include "net/oauth_callback.hpp"

#include <catch2/catch.hpp>

using namespace agoras::host::net;
using Kind = CallbackOutcome::Kind;

TEST_CASE("oauth callback: a code with the right state is accepted and Meta's #_ is stripped", "[net]") {
    const auto outcome = interpret_callback(parse_query("code=AQBx-hBs%2BH3#_&state=s1"), "s1");
    CHECK(outcome.kind == Kind::code);
    CHECK(outcome.value == "AQBx-hBs+H3");
    const auto pasted = interpret_callback(query_of_url("https://localhost:3456/callback?code=AQ9&state=s1#_"), "s1");
    CHECK(pasted.kind == Kind::code);
    CHECK(pasted.value == "AQ9");
}

TEST_CASE("oauth callback: state mismatch, refusal and stray requests", "[net]") {
    CHECK(interpret_callback(parse_query("code=AQ&state=other"), "s1").kind == Kind::foreign);
    CHECK(interpret_callback(parse_query("code=AQ"), "s1").kind == Kind::foreign);
    // Found by the red team: an error without the right state ended the authorization.
    CHECK(interpret_callback(parse_query("error=x"), "s1").kind == Kind::foreign);
    CHECK(interpret_callback(parse_query("error=x&state=s2"), "s1").kind == Kind::foreign);
    const auto denied = interpret_callback(
        parse_query("error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=s1"),
        "s1");
    CHECK(denied.kind == Kind::failure);
    CHECK(denied.value.find("access_denied (The user denied your request)") != std::string::npos);
    CHECK(interpret_callback(parse_query(""), "s1").kind == Kind::ignored);
}
