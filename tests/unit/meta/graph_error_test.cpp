#include "graph_client.hpp"
#include "graph_error.hpp"

#include <catch2/catch.hpp>

using namespace agoras::meta;

namespace {
const GraphService kService{"Threads", "threads", "App Dashboard > Use cases > Threads API > Settings", true};

agoras_status status_for(int http, const std::string& body) {
    const auto error = parse_graph_error(http, body);
    REQUIRE(error);
    return to_error(*error, "testing", kService).status();
}
}  // namespace

TEST_CASE("threads errors: both of Meta's error shapes are read", "[threads]") {
    const auto graph = parse_graph_error(
        400, R"({"error":{"message":"The requested resource does not exist","type":"OAuthException","code":24,"error_subcode":4279009,"error_user_msg":"Media Not Found"}})");
    REQUIRE(graph);
    CHECK(graph->code == 24);
    CHECK(graph->subcode == 4279009);
    CHECK(is_media_not_ready(*graph));
    const auto flat = parse_graph_error(
        400, R"({"error_type":"OAuthException","code":400,"error_message":"Matching code was not found or was already used"})");
    REQUIRE(flat);
    CHECK(flat->message == "Matching code was not found or was already used");
    CHECK_FALSE(parse_graph_error(200, R"({"id":"1"})"));
    CHECK(parse_graph_error(502, "<html>Bad Gateway</html>")->http_status == 502);
}

TEST_CASE("threads errors: each category maps to its exit status and advice", "[threads]") {
    CHECK(status_for(400, R"({"error":{"message":"Application request limit reached","code":4}})") == AGORAS_ERR_RATE_LIMITED);
    CHECK(status_for(429, "") == AGORAS_ERR_RATE_LIMITED);
    CHECK(status_for(400, R"({"error":{"message":"Session has expired","code":190,"error_subcode":463}})") == AGORAS_ERR_AUTH);
    CHECK(status_for(400, R"({"error":{"message":"Error validating client secret.","code":1}})") == AGORAS_ERR_AUTH);
    CHECK(status_for(403, R"({"error":{"message":"Requires threads_manage_insights permission","code":10}})") == AGORAS_ERR_AUTH);
    CHECK(status_for(400, R"({"error":{"message":"Invalid parameter","code":100}})") == AGORAS_ERR_REMOTE);
    const auto expired = parse_graph_error(400, R"({"error":{"message":"Session has expired","code":190}})");
    CHECK(std::string(to_error(*expired, "posting", kService).what()).find("agoras threads authorize") != std::string::npos);
    const GraphService facebook{"Facebook", "facebook", "App Dashboard > App settings > Basic", false};
    const auto throttled = parse_graph_error(400, R"({"error":{"message":"Application request limit reached","code":4}})");
    CHECK(std::string(to_error(*throttled, "posting", facebook).what()).find("quota") == std::string::npos);
    const auto other = parse_graph_error(400, R"({"error":{"message":"Invalid parameter","code":100}})");
    CHECK(std::string(to_error(*other, "posting", facebook).what()).rfind("Facebook rejected posting", 0) == 0);
}

TEST_CASE("meta graph: versioned URLs are built from encoded segments", "[meta]") {
    const GraphEndpoint endpoint{"https://graph.threads.net", "v1.0"};
    CHECK(endpoint.api({"me"}) == "https://graph.threads.net/v1.0/me");
    CHECK(endpoint.api({"42", "threads"}) == "https://graph.threads.net/v1.0/42/threads");
    CHECK(endpoint.api({"../../x?a=b#frag"}) == "https://graph.threads.net/v1.0/..%2F..%2Fx%3Fa%3Db%23frag");
    CHECK(endpoint.unversioned("refresh_access_token") == "https://graph.threads.net/refresh_access_token");
}
