// `agoras mcp` driven by a strict client of our own: every stdout line must be a JSON-RPC message;
// version negotiation, the tools offered with and without --allow-publish, checks that never send,
// a publish that a repeated call cannot double, refusals as isError results, the operator's limits.
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <map>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

constexpr const char* kBotToken = "123456789:SANDBOX-telegram-bot-token";

std::string request(int id, const std::string& method, const Json& params = Json::object()) {
    return Json::object().set("jsonrpc", "2.0").set("id", id).set("method", method).set("params", params).serialize() + "\n";
}

std::string call(int id, const std::string& tool, const Json& arguments) {
    return request(id, "tools/call", Json::object().set("name", tool).set("arguments", arguments));
}

std::string handshake(const std::string& version = "2025-11-25") {
    return request(0, "initialize",
                   Json::object()
                       .set("protocolVersion", version)
                       .set("capabilities", Json::object())
                       .set("clientInfo", Json::object().set("name", "agoras-tests").set("version", "1"))) +
           R"({"jsonrpc":"2.0","method":"notifications/initialized"})" + "\n";
}

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"mcp-it"};
    ProcessOptions env() const {
        auto e = sandbox.agoras_env((dir.path() / "store").string());
        e.set_env["TELEGRAM_BOT_TOKEN"] = kBotToken;
        e.set_env["TELEGRAM_CHAT_ID"] = "4242";
        e.set_env["TELEGRAM_PARSE_MODE"] = "none";
        return e;
    }
    // Runs a session; returns the answers by id (notifications have none), checking that stdout
    // holds nothing but JSON-RPC messages.
    std::map<std::string, Json> session(const std::vector<std::string>& args, const std::string& input, ProcessResult* raw = nullptr) const {
        auto options = env();
        options.stdin_data = input;
        std::vector<std::string> argv = {"mcp"};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto r = run_agoras(argv, options);
        if (raw != nullptr) *raw = r;
        INFO(r.err);
        CHECK(r.exit_code == 0);  // the end of input ends the server cleanly
        std::map<std::string, Json> answers;
        for (const auto& line : agoras::test::lines_of(r.out)) {
            const Json message = Json::parse(line);  // throws on anything that is not JSON
            CHECK(message["jsonrpc"].text() == "2.0");
            answers[message["id"].serialize()] = message;
        }
        CHECK_FALSE(contains(r.out + r.err, "SANDBOX-telegram-bot-token"));  // no secret, anywhere
        return answers;
    }
    int messages(const std::string& text) const {
        const Json state = Json::parse(sandbox.get("telegram/state"));
        int n = 0;
        for (const auto& m : state["messages"].items()) n += m["text"].text() == text;
        return n;
    }
};

std::vector<std::string> tool_names(const Json& list) {
    std::vector<std::string> names;
    for (const auto& t : list["result"]["tools"].items()) names.push_back(t["name"].text());
    return names;
}

}  // namespace

TEST_CASE("mcp: versions are negotiated, and malformed lines get errors while the server keeps serving", "[mcp]") {
    World w;
    auto answers = w.session({}, handshake("2025-06-18") + "not json\n[1,2]\n" + request(1, "ping") + request(2, "no/such") +
                                     R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope"}})" + "\n");
    CHECK(answers["0"]["result"]["protocolVersion"].text() == "2025-06-18");
    CHECK(answers["0"]["result"]["capabilities"]["tools"]["listChanged"].serialize() == "false");
    CHECK(answers["null"]["error"]["code"].integer() == -32600);  // the batch (after the parse error, by id null)
    CHECK(answers["1"]["result"].serialize() == "{}");
    CHECK(answers["2"]["error"]["code"].integer() == -32601);
    CHECK(answers["3"]["error"]["code"].integer() == -32602);
    // An unknown version gets the newest this server speaks; anything before initialize is refused.
    CHECK(w.session({}, handshake("2099-01-01"))["0"]["result"]["protocolVersion"].text() == "2025-11-25");
    CHECK(w.session({}, request(5, "tools/list"))["5"]["error"]["code"].integer() == -32600);
}

TEST_CASE("mcp: publishing tools exist only when allowed, and say how to enable them", "[mcp]") {
    World w;
    auto plain = w.session({}, handshake() + request(1, "tools/list") +
                                   call(2, "publish_post", Json::object().set("targets", Json::array().push("telegram")).set("text", "x")));
    CHECK(tool_names(plain["1"]) == std::vector<std::string>{"list_platforms", "auth_status", "check_post"});
    CHECK(plain["2"]["result"]["isError"].boolean());
    CHECK(contains(plain["2"]["result"]["content"][0]["text"].text(), "--allow-publish"));
    CHECK(w.messages("x") == 0);

    auto allowed = w.session({"--allow-publish", "--allow-delete"}, handshake() + request(1, "tools/list"));
    CHECK(tool_names(allowed["1"]) ==
          std::vector<std::string>{"list_platforms", "auth_status", "check_post", "publish_post", "delete_post"});
    for (const auto& t : allowed["1"]["result"]["tools"].items()) {
        CHECK(t["inputSchema"]["type"].text() == "object");
        CHECK(t["outputSchema"]["type"].text() == "object");
        const bool writes = t["name"].text() == "publish_post" || t["name"].text() == "delete_post";
        CHECK(t["annotations"]["destructiveHint"].boolean() == writes);
        CHECK(t["annotations"]["readOnlyHint"].boolean() == !writes);
    }
}

TEST_CASE("mcp: check_post never sends, publish_post publishes once however often it is called", "[mcp]") {
    World w;
    const Json post = Json::object().set("targets", Json::array().push("telegram")).set("text", "From the assistant");
    auto answers = w.session({"--allow-publish"}, handshake() + call(1, "check_post", post) + call(2, "publish_post", post) +
                                                      call(3, "publish_post", post) + call(4, "list_platforms", Json::object()) +
                                                      call(5, "auth_status", Json::object()));
    const Json& checked = answers["1"]["result"]["structuredContent"];
    CHECK(checked["results"][0]["status"].text() == "dry-run");
    CHECK(checked["results"][0]["would_send"]["text"].text() == "From the assistant");
    const Json& first = answers["2"]["result"]["structuredContent"];
    CHECK(first["results"][0]["status"].text() == "published");
    CHECK(first["exit_code"].integer() == 0);
    CHECK(contains(first["idempotency_key"].text(), "mcp-"));
    // The same call again (an assistant retrying): the key made of the content finds it published.
    const Json& again = answers["3"]["result"]["structuredContent"];
    CHECK(again["results"][0]["status"].text() == "already-published");
    CHECK(again["results"][0]["id"].text() == first["results"][0]["id"].text());
    CHECK(w.messages("From the assistant") == 1);
    // The text block carries the same JSON, for clients without structured content.
    CHECK(Json::parse(answers["2"]["result"]["content"][0]["text"].text()).serialize() == first.serialize());
    bool telegram = false;
    for (const auto& p : answers["4"]["result"]["structuredContent"]["platforms"].items()) {
        telegram = telegram || (p["name"].text() == "telegram" && p["limits"]["text"].integer() == 4096);
    }
    CHECK(telegram);
    CHECK(contains(answers["5"]["result"]["structuredContent"].serialize(), R"("variables":["TELEGRAM_BOT_TOKEN")"));
}

TEST_CASE("mcp: invalid input and refusals are isError results naming the reason", "[mcp]") {
    World w;
    const auto refused = [&](const Json& arguments, const std::string& reason, const std::vector<std::string>& args = {"--allow-publish"}) {
        auto answers = w.session(args, handshake() + call(1, "publish_post", arguments));
        INFO(answers["1"].serialize());
        CHECK(answers["1"]["result"]["isError"].boolean());
        CHECK(contains(answers["1"]["result"]["content"][0]["text"].text(), reason));
    };
    refused(Json::object().set("text", "no targets"), "targets must name at least one target");
    refused(Json::object().set("targets", "telegram"), "'targets' must be a array");
    refused(Json::object().set("targets", Json::array().push("telegram")).set("colour", "red"), "unknown argument 'colour'");
    refused(Json::object().set("targets", Json::array().push("telegram")).set("images", Json::array().push(Json::object().set("alt", "a"))),
            "each image needs either url or path");
    refused(Json::object().set("targets", Json::array().push("telegram")).set("text", std::string(5000, 'a')),
            "nothing was sent");  // too long for Telegram: the engine's check
    refused(Json::object().set("targets", Json::array().push("telegram")).set("text", "elsewhere"),
            "target 'telegram' is not allowed here", {"--allow-publish", "--allow-target", "bluesky"});
    // --max-posts: a second distinct post in one session is refused; repeating the first is not.
    auto limited = w.session({"--allow-publish", "--max-posts", "1"},
                             handshake() + call(1, "publish_post", Json::object().set("targets", Json::array().push("telegram")).set("text", "one")) +
                                 call(2, "publish_post", Json::object().set("targets", Json::array().push("telegram")).set("text", "two")) +
                                 call(3, "publish_post", Json::object().set("targets", Json::array().push("telegram")).set("text", "one")));
    CHECK_FALSE(limited["1"]["result"]["isError"].boolean());
    CHECK(contains(limited["2"]["result"]["content"][0]["text"].text(), "at most 1 posts"));
    CHECK_FALSE(limited["3"]["result"]["isError"].boolean());
    CHECK(w.messages("two") == 0);
    CHECK(w.messages("one") == 1);
}

TEST_CASE("mcp: delete_post deletes with --allow-delete, and a stray stdout write cannot break the stream", "[mcp]") {
    World w;
    const Json post = Json::object().set("targets", Json::array().push("telegram")).set("text", "to be deleted");
    auto published = w.session({"--allow-publish"}, handshake() + call(1, "publish_post", post));
    const std::string id = published["1"]["result"]["structuredContent"]["results"][0]["id"].text();
    REQUIRE_FALSE(id.empty());
    auto deleted = w.session({"--allow-delete"}, handshake() + call(1, "delete_post", Json::object().set("target", "telegram").set("id", id)));
    INFO(deleted["1"].serialize());
    CHECK_FALSE(deleted["1"]["result"]["isError"].boolean());
    const Json state = Json::parse(w.sandbox.get("telegram/state"));
    CHECK(state["messages"][0]["deleted"].boolean());
}

TEST_CASE("mcp: delete_post deletes from the account a target names, and refuses one the vault does not hold", "[mcp][accounts]") {
    World w;
    auto env = w.env();
    for (const char* chat : {"4242", "-1001234567890"}) {
        REQUIRE(run_agoras({"telegram", "authorize", "--bot-token", kBotToken, "--chat-id", chat}, env).exit_code == 0);
    }
    const std::string target = "telegram:chat-1001234567890";
    const Json post = Json::object().set("targets", Json::array().push(target)).set("text", "to be deleted");
    auto published = w.session({"--allow-publish"}, handshake() + call(1, "publish_post", post));
    const Json result = published["1"]["result"]["structuredContent"]["results"][0];
    INFO(published["1"].serialize());
    REQUIRE(result["account"].text() == "chat-1001234567890");
    const std::string id = result["id"].text();
    // The environment names chat 4242: the named account's own chat is the one the message is deleted from.
    auto deleted = w.session({"--allow-delete"}, handshake() + call(1, "delete_post", Json::object().set("target", target).set("id", id)));
    INFO(deleted["1"].serialize());
    CHECK_FALSE(deleted["1"]["result"]["isError"].boolean());
    const Json state = Json::parse(w.sandbox.get("telegram/state"));
    REQUIRE(state["messages"].items().size() == 1);
    CHECK(state["messages"][0]["chat_id"].text() == "-1001234567890");
    CHECK(state["messages"][0]["deleted"].boolean());
    auto unknown = w.session({"--allow-delete"}, handshake() + call(1, "delete_post", Json::object().set("target", "telegram:chat-99").set("id", id)));
    CHECK(unknown["1"]["result"]["isError"].boolean());
    CHECK(contains(unknown["1"]["result"]["content"][0]["text"].text(), "the vault holds no telegram account 'chat-99'"));
}
