// --dry-run prints what would be sent and sends nothing: a run that never got an answer does not
// read one either, on any platform.
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

using agoras::test::contains;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

TEST_CASE("whoami and post --dry-run exit 0 on every platform, having sent nothing, and a dry post prints only its requests", "[dry-run]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"dry-run-it"};
    auto env = sandbox.agoras_env((dir.path() / "store").string());
    // The sandbox's addresses stay: a dry run that sent anything would reach it, not a real service.
    env.set_env.insert({{"THREADS_APP_ID", "1"}, {"THREADS_APP_SECRET", "app-secret-value"}, {"THREADS_REFRESH_TOKEN", "token-value-1"},
                   {"BLUESKY_HANDLE", "alice.sandbox.test"}, {"BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop"},
                   {"MASTODON_INSTANCE", sandbox.url() + "/mastodon"}, {"MASTODON_ACCESS_TOKEN", "token-value-2"},
                   {"TELEGRAM_BOT_TOKEN", "123456789:SANDBOX-telegram-bot-token"}, {"TELEGRAM_CHAT_ID", "4242"},
                   {"DISCORD_WEBHOOK_URL", sandbox.url() + "/api/webhooks/111111111111111111/token-value-3"},
                   {"FACEBOOK_OBJECT_ID", "111111111"}, {"FACEBOOK_REFRESH_TOKEN", "token-value-4"},
                   {"INSTAGRAM_OBJECT_ID", "17841400000000099"}, {"INSTAGRAM_REFRESH_TOKEN", "token-value-5"}});
    const std::string before = sandbox.state() + sandbox.get("telegram/state") + sandbox.get("mastodon/state");
    for (const char* platform : {"threads", "bluesky", "mastodon", "telegram", "discord", "facebook", "instagram"}) {
        const auto r = run_agoras({platform, "whoami", "--dry-run"}, env);
        INFO(platform << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "\"dry_run\":true"));
        // A dry post prints the requests it would send, and no made-up result that reads like a real post.
        const auto post = run_agoras({platform, "post", "--text", "dry", "--dry-run"}, env);
        if (std::string(platform) == "instagram") continue;  // Instagram has no text-only posts
        CHECK(post.exit_code == 0);
        for (const auto& line : agoras::test::lines_of(post.out)) CHECK(contains(line, "\"dry_run\":true"));
    }
    CHECK(sandbox.state() + sandbox.get("telegram/state") + sandbox.get("mastodon/state") == before);
}

TEST_CASE("an endpoint variable set but empty is a usage error, never the real service", "[security]") {
    agoras::test::TempDir dir{"empty-endpoint-it"};
    agoras::test::ProcessOptions env;
    env.set_env = {{"AGORAS_STORAGE_DIR", (dir.path() / "store").string()}, {"AGORAS_TELEGRAM_API_URL", ""},
                   {"TELEGRAM_BOT_TOKEN", "123456789:SANDBOX-telegram-bot-token"}, {"TELEGRAM_CHAT_ID", "4242"},
                   // Were the check ever lost, the request would go to a closed loopback port, not the internet.
                   {"https_proxy", "http://127.0.0.1:9"}, {"HTTPS_PROXY", "http://127.0.0.1:9"}};
    const auto r = run_agoras({"telegram", "post", "--text", "hi"}, env);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "AGORAS_TELEGRAM_API_URL is set but empty"));
}
