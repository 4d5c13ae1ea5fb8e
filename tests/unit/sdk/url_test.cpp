#include <agoras/sdk/url.hpp>

#include <catch2/catch.hpp>

using namespace agoras::sdk;

TEST_CASE("sdk url: parameters are percent-encoded", "[sdk]") {
    CHECK(percent_encode("a b&c=d/é~_.-") == "a%20b%26c%3Dd%2F%C3%A9~_.-");
    CHECK(encode_params({{"scope", "threads_basic,threads_delete"}, {"redirect_uri", "https://localhost:3456/callback"}}) ==
          "scope=threads_basic%2Cthreads_delete&redirect_uri=https%3A%2F%2Flocalhost%3A3456%2Fcallback");
    CHECK(with_query("https://x/y", {}) == "https://x/y");
    CHECK(with_query("https://x/y?a=1", {{"b", "2"}}) == "https://x/y?a=1&b=2");
}

TEST_CASE("sdk url: decoding, path segments", "[sdk]") {
    CHECK(percent_decode("a%20b+c%2") == "a b c%2");
    CHECK(percent_decode("a+b", false) == "a+b");
    const auto params = decode_params("code=AQ%2B1&state=s&empty=&flag&code=second");
    REQUIRE(params.size() == 5);
    CHECK(params[0] == std::make_pair(std::string("code"), std::string("AQ+1")));
    CHECK(params[3] == std::make_pair(std::string("flag"), std::string()));
    CHECK(join_path("https://x/", {"v1.0", "a b", "../c"}) == "https://x/v1.0/a%20b/..%2Fc");
}

TEST_CASE("sdk url: a server id that is really a path, a query or nothing is refused", "[sdk]") {
    CHECK(checked_server_id("110000000000000001", "a status id", "Mastodon") == "110000000000000001");
    CHECK(checked_server_id("did:plc:abc.def-1", "a DID", "Bluesky") == "did:plc:abc.def-1");
    const std::vector<std::string> bad_ids = {"", ".", "..", "../../evil?x=1#", "1/../x", "a b", "id%2F", std::string(257, '1')};
    for (const auto& bad : bad_ids) {
        INFO(bad);
        CHECK_THROWS_AS(checked_server_id(bad, "an id", "Server"), Error);
    }
    CHECK_THROWS_AS(checked_server_id("1.5", "a message id", "Telegram", ""), Error);  // digits only
}

TEST_CASE("url: what content may make agoras fetch", "[sdk][url]") {
    using agoras::sdk::is_public_https_url;
    using agoras::sdk::may_fetch_from_content;
    CHECK(is_public_https_url("https://cdn.example.com/a.jpg"));
    CHECK(is_public_https_url("https://93.184.216.34/a.jpg"));
    CHECK(is_public_https_url("https://[2606:2800:220:1::]/a.jpg"));
    for (const char* inside : {"http://cdn.example.com/a.jpg", "https://127.0.0.1/a", "https://127.1.2.3:8443/a", "https://10.0.0.1/",
                               "https://172.16.5.4/", "https://172.31.255.255/", "https://192.168.0.1/", "https://169.254.169.254/latest",
                               "https://0.0.0.0/", "https://[::1]/", "https://[fd00::1]/", "https://[fe80::1]/", "https://LOCALHOST/",
                               "https://app.localhost/", "https://user@127.0.0.1/", "ftp://example.com/"}) {
        INFO(inside);
        CHECK_FALSE(is_public_https_url(inside));
    }
    CHECK(is_public_https_url("https://172.32.0.1/"));  // outside 172.16/12
    // Back to the server it came from: allowed, as the user chose that server.
    CHECK(may_fetch_from_content("http://127.0.0.1:8080/img.png", "http://127.0.0.1:8080/feed.xml"));
    CHECK_FALSE(may_fetch_from_content("http://127.0.0.1:8081/img.png", "http://127.0.0.1:8080/feed.xml"));
    CHECK_FALSE(may_fetch_from_content("http://localhost:8080/img.png", "https://blog.example.com/post"));
}
