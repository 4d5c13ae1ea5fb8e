// OAuth 1.0a signing against the test vector of X's "Creating a signature" page, for the plugin's
// signer and for the sandbox's own checker (written apart, so that one cannot hide the other's error).
#include "oauth1.hpp"

#include "../../../sandbox/x_oauth1.hpp"

#include <catch2/catch.hpp>

using namespace agoras::x;

namespace {

const agoras::sdk::Params kParams{{"include_entities", "true"},
                                  {"oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"},
                                  {"oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"},
                                  {"oauth_signature_method", "HMAC-SHA1"},
                                  {"oauth_timestamp", "1318622958"},
                                  {"oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"},
                                  {"oauth_version", "1.0"},
                                  {"status", "Hello Ladies + Gentlemen, a signed OAuth request!"}};
constexpr const char* kConsumerSecret = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw";
constexpr const char* kTokenSecret = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";

}  // namespace

TEST_CASE("x oauth1: the signature of X's documented example request", "[x]") {
    CHECK(oauth1_signature("POST", "https://api.twitter.com/1.1/statuses/update.json", kParams, kConsumerSecret, kTokenSecret) ==
          "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    CHECK(oauth1_signature("POST", "https://api.x.com/1.1/statuses/update.json", kParams, kConsumerSecret, kTokenSecret) ==
          "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
    // The query of the URL is not part of the base URL.
    CHECK(oauth1_signature("POST", "https://api.x.com/1.1/statuses/update.json?x=1", kParams, kConsumerSecret, kTokenSecret) ==
          "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
}

TEST_CASE("x oauth1: the sandbox's checker computes the same vector on its own", "[x]") {
    std::multimap<std::string, std::string> params(kParams.begin(), kParams.end());
    CHECK(agoras::sandbox::x_oauth::expected_signature("POST", "https://api.twitter.com/1.1/statuses/update.json", params,
                                                       kConsumerSecret, kTokenSecret) == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
}

TEST_CASE("x oauth1: the header carries the query and form parameters in its signature, and round-trips", "[x]") {
    const OAuth1Keys keys{"xvz1evFS4wEEPTGEFPHBog", kConsumerSecret, "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", kTokenSecret};
    const std::string header = oauth1_authorization("POST", "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
                                                    {{"status", "Hello Ladies + Gentlemen, a signed OAuth request!"}}, keys, {},
                                                    "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", 1318622958);
    const auto fields = agoras::sandbox::x_oauth::parse_authorization(header);
    REQUIRE(fields);
    CHECK(fields->at("oauth_signature") == "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    CHECK(fields->at("oauth_token") == keys.token);
    CHECK(header.find("oauth_signature=\"hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D\"") != std::string::npos);
    // The request token step has no token; the flow's parameters are signed too.
    const std::string first = oauth1_authorization("POST", "https://api.x.com/oauth/request_token", {}, {"k", "s", "", ""},
                                                   {{"oauth_callback", "oob"}}, "n", 1);
    CHECK(first.find("oauth_token=") == std::string::npos);
    CHECK(first.find("oauth_callback=\"oob\"") != std::string::npos);
}

TEST_CASE("x oauth1: nonces are fresh", "[x]") {
    const std::string a = oauth1_nonce(), b = oauth1_nonce();
    CHECK(a.size() == 32);
    CHECK(a != b);
    CHECK(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos);
}
