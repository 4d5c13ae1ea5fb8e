// The Telegram plugin against agoras/testing.hpp's fake host: the requests it makes and what it does
// with each answer.
#include "telegram.hpp"

#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using agoras::testing::Answer;
using agoras::testing::FakeHost;
using agoras::testing::json;
using agoras::testing::Request;

namespace {

constexpr const char* kToken = "123456:SECRET-bot-token";

// Two chats in the vault, 4242 the default.
void store_chats(FakeHost& host) {
    host.vault[{"telegram", "4242"}] = std::string(R"({"bot_token":")") + kToken + R"(","chat_id":"4242"})";
    host.vault[{"telegram", "chat-100"}] = std::string(R"({"bot_token":")") + kToken + R"(","chat_id":"-100"})";
    host.defaults["telegram"] = "4242";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("telegram on a fake host: a message goes once to the vault's default chat, the token kept secret", "[telegram]") {
    FakeHost host({"telegram"});
    store_chats(host);
    host.http = [](const Request&) { return json(200, R"({"ok":true,"result":{"message_id":7,"chat":{"id":4242}}})"); };
    const auto call = host.invocation("telegram", "post", {{"text", "hello"}, {"parse-mode", "none"}});
    agoras::telegram::run_post(call.get());
    REQUIRE(host.requests.size() == 1);
    CHECK(host.requests[0].url == std::string("https://api.telegram.org/bot") + kToken + "/sendMessage");
    CHECK(contains(host.requests[0].body, "chat_id=4242"));
    CHECK(contains(host.requests[0].body, "text=hello"));
    REQUIRE(host.results.size() == 1);
    CHECK(contains(host.results[0], R"("id":"7")"));
    CHECK(std::find(host.secrets.begin(), host.secrets.end(), kToken) != host.secrets.end());
}

TEST_CASE("telegram on a fake host: flood control's retry_after is waited out, then the message is sent", "[telegram]") {
    FakeHost host({"telegram"});
    store_chats(host);
    int calls = 0;
    host.http = [&calls](const Request&) {
        return ++calls == 1 ? json(429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3",)"
                                        R"("parameters":{"retry_after":3}})")
                            : json(200, R"({"ok":true,"result":{"message_id":8,"chat":{"id":4242}}})");
    };
    const auto call = host.invocation("telegram", "post", {{"text", "again"}, {"parse-mode", "none"}});
    agoras::telegram::run_post(call.get());
    CHECK(host.requests.size() == 2);
    REQUIRE(host.sleeps.size() == 1);
    CHECK(host.sleeps[0] == 3000);
    CHECK(host.results.size() == 1);
}

TEST_CASE("telegram on a fake host: no chat anywhere is an authorization error before any request", "[telegram]") {
    FakeHost host({"telegram"});
    const auto call = host.invocation("telegram", "post", {{"text", "hello"}, {"parse-mode", "none"}});
    try {
        agoras::telegram::run_post(call.get());
        FAIL("posted without a chat");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_AUTH);
    }
    CHECK(host.requests.empty());
}

TEST_CASE("telegram on a fake host: a message id that is really a path is refused, never printed", "[telegram][security]") {
    FakeHost host({"telegram"});
    store_chats(host);
    host.http = [](const Request&) { return json(200, R"({"ok":true,"result":{"message_id":"1/../../x","chat":{"id":4242}}})"); };
    const auto call = host.invocation("telegram", "post", {{"text", "hello"}, {"parse-mode", "none"}});
    try {
        agoras::telegram::run_post(call.get());
        FAIL("a path was taken for a message id");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_REMOTE);
    }
    CHECK(host.results.empty());
}
