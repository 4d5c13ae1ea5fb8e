// The real agoras binary and the Discord plugin against agoras-sandbox's Discord module on loopback:
// webhook and bot, every action, every failure class; and `agoras post --to` across the platforms.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

using agoras::Json;
using agoras::test::contains;
using agoras::test::result_of;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

constexpr const char* kWebhookToken = "SANDBOX-webhook-token-0123456789abcdefghijklmnop";
constexpr const char* kBotToken = "SANDBOX.bot-token.0123456789abcdefghij";

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"discord-it"};
    std::string webhook() const { return sandbox.url() + "/api/webhooks/111111111111111111/" + kWebhookToken; }
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    ProcessOptions bot_env() const {
        auto e = env();
        e.set_env["DISCORD_BOT_TOKEN"] = kBotToken;
        e.set_env["DISCORD_SERVER_NAME"] = "Sandbox Server";
        e.set_env["DISCORD_CHANNEL_NAME"] = "general";
        return e;
    }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const { return run_agoras(args, options); }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    std::vector<Json> messages() const { return Json::parse(sandbox.get("discord/state"))["messages"].items(); }
    std::string file(const std::string& name, const std::string& bytes) const {
        const std::string path = (dir.path() / name).string();
        agoras::test::write_file(path, bytes);
        return path;
    }
};

}  // namespace

TEST_CASE("discord webhook: authorize, post with files and descriptions, delete, the token never shown", "[discord]") {
    World w;
    const auto auth = w.agoras({"discord", "authorize", "--webhook-url", w.webhook(), "-l", "debug"});
    const Json a = result_of(auth);
    CHECK(a["kind"].text() == "webhook");
    CHECK_FALSE(contains(auth.out + auth.err, kWebhookToken));
    CHECK_FALSE(contains(w.agoras({"utils", "tokens", "show", "--platform", "discord"}).out, kWebhookToken));

    const std::string photo = w.file("shot.jpg", agoras::test::make_jpeg(24, 24));
    const Json posted = result_of(w.agoras({"discord", "post", "--text", "Release 1.0", "--link", "https://example.com",
                                            "--image", photo, "--alt-text", "a screenshot", "--image", w.file("notes.png", agoras::test::make_png(8, 8))}));
    CHECK(posted["url"].text() == "https://discord.com/channels/333333333333333333/222222222222222222/" + posted["id"].text());
    const auto messages = w.messages();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["content"].text() == "Release 1.0\nhttps://example.com");
    REQUIRE(messages[0]["attachments"].size() == 2);
    CHECK(messages[0]["attachments"][0]["filename"].text() == "shot.jpg");
    CHECK(messages[0]["attachments"][0]["description"].text() == "a screenshot");
    CHECK(messages[0]["attachments"][1]["content_type"].text() == "image/png");

    const Json deleted = result_of(w.agoras({"discord", "delete", "--post-id", posted["id"].text()}));
    CHECK(deleted["deleted"].boolean());
    CHECK(w.agoras({"discord", "delete", "--post-id", posted["id"].text()}).exit_code == 1);  // Unknown Message
    CHECK(w.agoras({"discord", "delete", "--post-id", "not-an-id"}).exit_code == 2);

    const auto dry = w.agoras({"discord", "post", "--text", "x", "--dry-run"});
    CHECK(contains(dry.out, "/[REDACTED]?wait=true"));
    CHECK_FALSE(contains(dry.out, kWebhookToken));
}

TEST_CASE("discord bot: the channel found by server and channel name, over REST", "[discord]") {
    World w;
    const Json posted = result_of(w.agoras({"discord", "post", "--text", "from the bot"}, w.bot_env()));
    CHECK(w.messages().at(0)["channel_id"].text() == "555555555555555555");
    CHECK(w.messages().at(0)["via"].text() == "bot");
    result_of(w.agoras({"discord", "delete", "--post-id", posted["id"].text()}, w.bot_env()));
    CHECK(w.messages().at(0)["deleted"].boolean());

    auto voice = w.bot_env();
    voice.set_env["DISCORD_CHANNEL_NAME"] = "lounge";
    const auto r = w.agoras({"discord", "post", "--text", "x"}, voice);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "no text channel named 'lounge'"));
    auto bad = w.bot_env();
    bad.set_env["DISCORD_BOT_TOKEN"] = "some.other.token-that-is-long-enough";
    CHECK(w.agoras({"discord", "post", "--text", "x"}, bad).exit_code == 3);

    const Json stored = result_of(w.agoras({"discord", "authorize"}, w.bot_env()));
    CHECK(stored["kind"].text() == "bot");
    result_of(w.agoras({"discord", "post", "--text", "from the vault"}));  // no options: the stored bot and channel
    CHECK(w.messages().size() == 2);
}

TEST_CASE("discord limits and failures: 2000 characters, 10 files, rate limits, a wrong webhook", "[discord]") {
    World w;
    auto env = w.env();
    env.set_env["DISCORD_WEBHOOK_URL"] = w.webhook();
    CHECK(w.agoras({"discord", "post", "--text", std::string(2001, 'a')}, env).exit_code == 2);
    const std::string photo = w.file("a.jpg", agoras::test::make_jpeg(8, 8));
    std::vector<std::string> eleven = {"discord", "post", "--text", "many"};
    for (int i = 0; i < 11; ++i) eleven.insert(eleven.end(), {"--image", photo});
    CHECK(w.agoras(eleven, env).exit_code == 2);
    CHECK(w.messages().empty());

    w.sandbox.control("discord/faults", "rate_limit_next=1");
    result_of(w.agoras({"discord", "post", "--text", "after a 429"}, env));
    w.sandbox.control("discord/faults", "global_rate_limit_next=50");
    CHECK(w.agoras({"discord", "post", "--text", "globally limited"}, env).exit_code == 4);
    w.sandbox.control("discord/faults", "global_rate_limit_next=0");
    CHECK(w.messages().size() == 1);

    // A 500 from a webhook is not sent again (a webhook has no nonce); a bot's message is, and its
    // enforced nonce keeps it single.
    w.sandbox.control("discord/faults", "server_error_next=1");
    CHECK(w.agoras({"discord", "post", "--text", "webhook 500"}, env).exit_code == 5);
    w.sandbox.control("discord/faults", "server_error_next=1");
    result_of(w.agoras({"discord", "post", "--text", "bot 500"}, w.bot_env()));
    CHECK(w.messages().size() == 2);

    auto wrong = w.env();
    wrong.set_env["DISCORD_WEBHOOK_URL"] = w.sandbox.url() + "/api/webhooks/111111111111111111/wrong-token-value-long";
    CHECK(w.agoras({"discord", "post", "--text", "x"}, wrong).exit_code == 3);
    wrong.set_env["DISCORD_WEBHOOK_URL"] = "https://discord.com/api/not-a-webhook";
    CHECK(w.agoras({"discord", "post", "--text", "x"}, wrong).exit_code == 2);
    CHECK(w.agoras({"discord", "post", "--text", "x"}).exit_code == 3);  // nothing configured
}

TEST_CASE("agoras post --to threads,bluesky,telegram,discord: one command, every platform once", "[discord][post]") {
    World w;
    REQUIRE(w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret}).exit_code == 0);
    REQUIRE(w.agoras({"bluesky", "authorize", "--service", w.sandbox.url(), "--handle", "alice.sandbox.test", "--app-password",
                      "abcd-efgh-ijkl-mnop"}).exit_code == 0);
    REQUIRE(w.agoras({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"}).exit_code == 0);
    REQUIRE(w.agoras({"discord", "authorize", "--webhook-url", w.webhook()}).exit_code == 0);
    const auto r = w.agoras({"post", "--to", "threads,bluesky,telegram,discord", "--text", "Released 2.0", "--idempotency-key", "rel-2.0"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    for (const char* platform : {"threads", "bluesky", "telegram", "discord"}) {
        CHECK(contains(r.out, std::string("\"platform\":\"") + platform + "\",\"account\":null,\"status\":\"published\""));
    }
    CHECK(w.messages().size() == 1);
    const auto again = w.agoras({"post", "--to", "threads,bluesky,telegram,discord", "--text", "Released 2.0", "--idempotency-key", "rel-2.0"});
    CHECK(again.exit_code == 0);
    CHECK(w.messages().size() == 1);  // the same key publishes nothing twice
    CHECK(agoras::test::count_of(w.sandbox.get("telegram/state"), "Released 2.0") == 1);
}

TEST_CASE("discord: a 9 MB attachment, from a file or a URL, is sent from disk: memory does not grow with it", "[discord]") {
    World w;
    REQUIRE(w.agoras({"discord", "authorize", "--webhook-url", w.webhook()}).exit_code == 0);
    const std::string video = std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(9'000'000, 'v');
    const std::string small = w.file("small.mp4", video.substr(0, 100'000));
    const std::string big = w.file("big.mp4", video);
    w.sandbox.serve("/big.mp4", "video/mp4", video);
    const auto from_small = w.agoras({"discord", "post", "--text", "small", "--image", small});
    const auto from_file = w.agoras({"discord", "post", "--text", "file", "--image", big});
    const auto from_url = w.agoras({"discord", "post", "--text", "url", "--image", w.sandbox.url() + "/web/big.mp4"});
    result_of(from_small);
    result_of(from_file);
    result_of(from_url);
    INFO("peak RSS " << from_small.max_rss_kib << " KiB for 100 kB, " << from_file.max_rss_kib << " KiB for a 9 MB file, "
                     << from_url.max_rss_kib << " KiB for 9 MB by URL");
    CHECK(from_file.max_rss_kib - from_small.max_rss_kib < 4 * 1024);
    CHECK(from_url.max_rss_kib - from_small.max_rss_kib < 4 * 1024);
    const auto messages = w.messages();
    REQUIRE(messages.size() == 3);
    CHECK(contains(messages[1].serialize(), "9000012"));
    CHECK(contains(messages[2].serialize(), "9000012"));
}
