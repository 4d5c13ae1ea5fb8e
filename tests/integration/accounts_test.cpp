// `post --to PLATFORM:ACCOUNT` with the real plugins: two accounts of every platform in the vault,
// each named in one command, and each post found in the sandbox under the account that was named
// (not the default one, whatever the environment says).
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <set>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::result_of;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

constexpr const char* kWebhookId = "111111111111111111";
constexpr const char* kBotChannel = "222222222222222222";

struct World {
    SandboxProcess sandbox;
    SandboxProcess other_instance;  // a second Mastodon instance, for a second Mastodon account
    agoras::test::TempDir dir{"accounts-it"};
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    void run(const std::vector<std::string>& args) const {
        const auto r = run_agoras(args, env());
        INFO(args[0] << " " << args[1] << ": " << r.err);
        REQUIRE(r.exit_code == 0);
    }
    Json state(const std::string& module) const { return Json::parse(sandbox.get(module + "/state")); }

    // Two accounts of every platform; each authorize makes its account the default, so the second
    // one of each platform is the default and the first is reachable only by its name.
    void authorize_everything() const {
        const std::string url = sandbox.url();
        run({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret});
        run({"threads", "authorize", "--app-id", "1234567891", "--app-secret", "sandbox-app-secret-2"});
        run({"bluesky", "authorize", "--service", url, "--handle", "alice.sandbox.test", "--app-password", "abcd-efgh-ijkl-mnop"});
        run({"bluesky", "authorize", "--service", url, "--handle", "bob.sandbox.test", "--app-password", "bob-app-password"});
        run({"mastodon", "authorize", "--instance", url + "/mastodon"});
        run({"mastodon", "authorize", "--instance", other_instance.url() + "/mastodon"});
        run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"});
        run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "-1001234567890"});
        run({"discord", "authorize", "--webhook-url",
             url + "/api/webhooks/" + kWebhookId + "/SANDBOX-webhook-token-0123456789abcdefghijklmnop"});
        run({"discord", "authorize", "--bot-token", "SANDBOX.bot-token.0123456789abcdefghij", "--server-name",
             "Sandbox Server", "--channel-name", "announcements"});
        sandbox.control("facebook/faults", "pages=2");
        for (const char* page : {"111111111", "222222222"}) {
            run({"facebook", "authorize", "--client-id", "987654321", "--client-secret", "sandbox-facebook-secret",
                 "--object-id", page});
        }
        for (const char* ig : {"17841400000000099", "17841400000000098"}) run({"instagram", "authorize", "--object-id", ig});
    }
};

std::string host_of(const std::string& url) { return url.substr(url.find("://") + 3); }

}  // namespace

TEST_CASE("post --to names two accounts of every platform, and each post arrives under its own account", "[post][accounts]") {
    World w;
    w.authorize_everything();
    const std::string instance_a = "alice@" + host_of(w.sandbox.url()) + "_mastodon";
    const std::string instance_b = "alice@" + host_of(w.other_instance.url()) + "_mastodon";
    auto env = w.env();
    // The environment names other credentials; a named account must not take them.
    env.set_env["TELEGRAM_CHAT_ID"] = "999";
    env.set_env["BLUESKY_HANDLE"] = "bob.sandbox.test";

    const auto r = run_agoras({"post", "--to",
                               "threads:1234567890,threads:1234567891,bluesky:alice.sandbox.test,bluesky:bob.sandbox.test,"
                               "mastodon:" + instance_a + ",mastodon:" + instance_b + ",telegram:4242,telegram:chat-1001234567890,"
                               "discord:webhook:" + std::string(kWebhookId) + ",discord:channel:" + kBotChannel +
                                   ",facebook:111111111,facebook:222222222",
                               "--text", "Who am I"},
                              env);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(agoras::test::count_of(r.out, R"("status":"published")") == 12);

    std::multiset<std::string> threads_owners;
    const Json threads = Json::parse(w.sandbox.state());
    for (const auto& post : threads["posts"].items()) threads_owners.insert(post["owner"].text());
    CHECK(threads_owners == std::multiset<std::string>{"17841400000000001", "17841400000000002"});

    std::multiset<std::string> bluesky_authors;
    const Json bluesky = w.state("bluesky");
    for (const auto& record : bluesky["records"].items()) {
        if (record["value"]["text"].text() == "Who am I") bluesky_authors.insert(record["uri"].text().substr(0, record["uri"].text().find("/app.bsky")));
    }
    CHECK(bluesky_authors == std::multiset<std::string>{"at://did:plc:sandboxalice0000000000000",
                                                        "at://did:plc:sandboxbob00000000000000000"});

    CHECK(w.state("mastodon")["statuses"].items().size() == 1);
    CHECK(Json::parse(w.other_instance.get("mastodon/state"))["statuses"].items().size() == 1);

    std::multiset<std::string> chats;
    const Json telegram = w.state("telegram");
    for (const auto& message : telegram["messages"].items()) chats.insert(message["chat_id"].text());
    CHECK(chats == std::multiset<std::string>{"-1001234567890", "4242"});

    std::multiset<std::string> via;
    const Json discord = w.state("discord");
    for (const auto& message : discord["messages"].items()) via.insert(message["via"].text());
    CHECK(via == std::multiset<std::string>{"bot", "webhook"});

    std::multiset<std::string> pages;
    const Json facebook = w.state("facebook");
    for (const auto& post : facebook["posts"].items()) pages.insert(post["page"].text());
    CHECK(pages == std::multiset<std::string>{"111111111", "222222222"});

    // Instagram takes no text-only post, and its images go by URL (Meta fetches them): its own run.
    const auto ig = run_agoras({"post", "--to", "instagram:17841400000000099,instagram:17841400000000098", "--text",
                                "Who am I", "--image", "https://example.com/a.jpg"},
                               env);
    INFO(ig.out << ig.err);
    REQUIRE(ig.exit_code == 0);
    std::multiset<std::string> ig_owners;
    const Json instagram = w.state("facebook");
    for (const auto& media : instagram["instagram"].items()) ig_owners.insert(media["owner"].text());
    CHECK(ig_owners == std::multiset<std::string>{"17841400000000098", "17841400000000099"});
}

TEST_CASE("post --to an account the vault does not hold: exit 2, nothing sent anywhere", "[post][accounts]") {
    World w;
    const std::string url = w.sandbox.url();
    w.run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"});
    w.run({"bluesky", "authorize", "--service", url, "--handle", "alice.sandbox.test", "--app-password", "abcd-efgh-ijkl-mnop"});
    const auto r = run_agoras({"post", "--to", "telegram,bluesky:bob.sandbox.test", "--text", "nobody"}, w.env());
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "the vault holds no bluesky account 'bob.sandbox.test' (it holds: alice.sandbox.test)"));
    CHECK(w.state("telegram")["messages"].items().empty());
}

TEST_CASE("post --to checks every target's credentials before anything is sent anywhere", "[post][accounts]") {
    World w;
    w.run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"});
    for (const std::string platform : {"threads", "bluesky", "mastodon", "discord", "facebook", "instagram"}) {
        // Instagram takes no text-only post; Telegram takes an image by URL without fetching it first.
        std::vector<std::string> args = {"post", "--to", "telegram," + platform, "--text", "not yet"};
        if (platform == "instagram") args.insert(args.end(), {"--image", "https://example.com/a.jpg"});
        const auto r = run_agoras(args, w.env());
        INFO(platform << ": " << r.err);
        CHECK(r.exit_code == 3);
        CHECK(contains(r.err, "nothing was sent"));
        CHECK(contains(r.err, "  " + platform + ": "));
        CHECK(r.out.empty());
    }
    CHECK(w.state("telegram")["messages"].items().empty());
}

TEST_CASE("auth switch makes another account the default without authorizing again, auth logout removes one", "[accounts]") {
    World w;
    w.run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"});
    w.run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "-1001234567890"});
    std::vector<std::string> accounts;
    std::string default_account;
    for (const auto& line : agoras::test::lines_of(run_agoras({"auth", "status", "--platform", "telegram"}, w.env()).out)) {
        const Json account = Json::parse(line);
        accounts.push_back(account["account"].text());
        if (account["default"].boolean()) default_account = account["account"].text();
    }
    REQUIRE(accounts.size() == 2);
    const std::string other = accounts[0] == default_account ? accounts[1] : accounts[0];
    const Json switched = result_of(run_agoras({"auth", "switch", "--platform", "telegram", "--account", other}, w.env()));
    CHECK(switched["default"].boolean());
    for (const auto& line : agoras::test::lines_of(run_agoras({"auth", "status", "--platform", "telegram"}, w.env()).out)) {
        const Json account = Json::parse(line);
        CHECK(account["default"].boolean() == (account["account"].text() == other));
    }
    const auto typo = run_agoras({"auth", "switch", "--platform", "telegram", "--account", other + "x"}, w.env());
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err, "did you mean"));
    // Logging out the default leaves no default: nothing posts as some other account by surprise.
    CHECK(result_of(run_agoras({"auth", "logout", "--platform", "telegram"}, w.env()))["account"].text() == other);
    CHECK(agoras::test::lines_of(run_agoras({"auth", "status", "--platform", "telegram"}, w.env()).out).size() == 1);
    CHECK(run_agoras({"telegram", "post", "--text", "to whom?"}, w.env()).exit_code == 3);
}

TEST_CASE("PLATFORM:ACCOUNT runs any action as that vault account, whatever the environment names", "[accounts]") {
    World w;
    const std::string token = "123456789:SANDBOX-telegram-bot-token";
    w.run({"telegram", "authorize", "--bot-token", token, "--chat-id", "-1001234567890"});
    w.run({"telegram", "authorize", "--bot-token", token, "--chat-id", "4242"});  // the default
    auto env = w.env();
    env.set_env["TELEGRAM_BOT_TOKEN"] = token;
    env.set_env["TELEGRAM_CHAT_ID"] = "4242";
    const auto posted = run_agoras({"telegram:chat-1001234567890", "post", "--text", "from the channel"}, env);
    INFO(posted.err);
    REQUIRE(posted.exit_code == 0);
    const std::string id = Json::parse(posted.out)["id"].text();
    REQUIRE(run_agoras({"telegram:chat-1001234567890", "delete", "--post-id", id}, env).exit_code == 0);
    const auto messages = w.state("telegram")["messages"].items();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["chat_id"].text() == "-1001234567890");
    CHECK(messages[0]["deleted"].boolean());
    const auto unknown = run_agoras({"telegram:chat-99", "post", "--text", "nobody"}, env);
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "the vault holds no telegram account 'chat-99'"));
    const auto nameless = run_agoras({"telegram:", "post", "--text", "nobody"}, env);
    CHECK(nameless.exit_code == 2);
    CHECK(contains(nameless.err, "names no account"));
    const auto authorize = run_agoras({"telegram:chat-99", "authorize", "--bot-token", token, "--chat-id", "99"}, env);
    CHECK(authorize.exit_code == 2);
    CHECK(contains(authorize.err, "authorize adds an account"));
    CHECK(w.state("telegram")["messages"].items().size() == 1);
}
