#include "net/url_policy.hpp"

#include "status_error.hpp"

#include <catch2/catch.hpp>

using namespace agoras::host::net;

TEST_CASE("url policy: https anywhere, plain http only on loopback", "[net]") {
    CHECK_NOTHROW(require_allowed_url("https://graph.threads.net/v1.0/me"));
    CHECK_NOTHROW(require_allowed_url("http://127.0.0.1:8080/x"));
    CHECK_NOTHROW(require_allowed_url("http://[::1]:8080/x"));
    CHECK_NOTHROW(require_allowed_url("http://localhost/x"));
    CHECK_THROWS_AS(require_allowed_url("http://graph.threads.net/v1.0/me"), agoras::host::StatusError);
    CHECK_THROWS_AS(require_allowed_url("http://127.0.0.1.evil.com/x"), agoras::host::StatusError);
    CHECK_THROWS_AS(require_allowed_url("ftp://127.0.0.1/x"), agoras::host::StatusError);
    CHECK(describe_endpoint("https://x/y?access_token=secret#f") == "https://x/y");
}

TEST_CASE("url policy: credentials in a URL's userinfo are never shown", "[net]") {
    CHECK(describe_endpoint("https://user:hunter2@api.example.com/v1/x?q") == "https://[REDACTED]@api.example.com/v1/x");
    CHECK(describe_endpoint("http://tok@127.0.0.1:9/") == "http://[REDACTED]@127.0.0.1:9/");
    CHECK(describe_endpoint("https://mastodon.example/@someone") == "https://mastodon.example/@someone");
}
