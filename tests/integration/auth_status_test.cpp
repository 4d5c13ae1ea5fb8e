// `agoras auth status` with the real binary: accounts in the vault and credentials in the environment,
// expiry from the vault and the tokens, a live check against agoras-sandbox, and no secret shown.
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>

using agoras::Json;
using agoras::test::contains;
using agoras::test::count_of;
using agoras::test::ProcessOptions;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

TEST_CASE("auth status: every account with its age, expiry and state, --check asks the platform, exit 3 on trouble", "[auth]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir("auth-it");
    auto env = sandbox.agoras_env((dir.path() / "store").string());
    REQUIRE(run_agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret}, env).exit_code == 0);
    REQUIRE(run_agoras({"bluesky", "authorize", "--service", sandbox.url(), "--handle", "alice.sandbox.test", "--app-password",
                        "abcd-efgh-ijkl-mnop", "--forget-password"}, env).exit_code == 0);

    const auto status = run_agoras({"auth", "status"}, env);
    INFO(status.err);
    CHECK(status.exit_code == 0);
    CHECK(count_of(status.out, "\"source\":\"vault\"") == 2);
    CHECK(contains(status.out, "\"platform\":\"threads\",\"account\":\"1234567890\",\"source\":\"vault\",\"default\":true"));
    CHECK(contains(status.out, "\"scopes\":\"threads_basic,"));
    CHECK(contains(status.out, "\"state\":\"ok\""));
    CHECK_FALSE(contains(status.out, SandboxProcess::kAppSecret));
    CHECK_FALSE(contains(status.out, "THLL"));  // no token, not even its start

    // Threads' long-lived token lasts 60 days: soon expiring a week before, expired after.
    const std::int64_t now = std::time(nullptr);
    auto later = env;
    later.set_env["AGORAS_NOW"] = std::to_string(now + 57 * 86400);
    const auto soon = run_agoras({"auth", "status", "--platform", "threads"}, later);
    CHECK(soon.exit_code == 0);
    CHECK(contains(soon.out, "\"state\":\"expires-soon\""));
    later.set_env["AGORAS_NOW"] = std::to_string(now + 61 * 86400);
    const auto expired = run_agoras({"auth", "status", "--platform", "threads"}, later);
    CHECK(expired.exit_code == 3);
    CHECK(contains(expired.out, "\"state\":\"expired\""));

    const auto checked = run_agoras({"auth", "status", "--check"}, env);
    CHECK(checked.exit_code == 0);
    CHECK(count_of(checked.out, "\"check\":\"ok\"") == 2);
    sandbox.control("bluesky/faults", "expire_access_tokens=true&revoke_refresh_tokens=true");
    const auto refused = run_agoras({"auth", "status", "--check", "--platform", "bluesky"}, env);
    CHECK(refused.exit_code == 3);
    CHECK(contains(refused.out, "agoras bluesky authorize"));

    auto from_env = env;
    from_env.set_env["TELEGRAM_BOT_TOKEN"] = "123456789:SANDBOX-telegram-bot-token";
    from_env.set_env["TELEGRAM_CHAT_ID"] = "4242";
    const auto environment = run_agoras({"auth", "status", "--platform", "telegram", "--check"}, from_env);
    INFO(environment.err);
    CHECK(environment.exit_code == 0);
    CHECK(contains(environment.out, "\"source\":\"environment\",\"variables\":[\"TELEGRAM_BOT_TOKEN\",\"TELEGRAM_CHAT_ID\"],\"check\":\"ok\""));
    CHECK_FALSE(contains(environment.out, "SANDBOX-telegram"));
    CHECK(run_agoras({"auth", "status", "--platform", "myspace"}, env).exit_code == 2);
    CHECK(run_agoras({"auth", "login"}, env).exit_code == 2);
}

TEST_CASE("auth status on a terminal: a table that fits its width, the user named, the default starred", "[auth]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir("auth-table-it");
    auto env = sandbox.agoras_env((dir.path() / "store").string());
    REQUIRE(run_agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret}, env).exit_code == 0);
    REQUIRE(run_agoras({"bluesky", "authorize", "--service", sandbox.url(), "--handle", "alice.sandbox.test", "--app-password",
                        "abcd-efgh-ijkl-mnop"}, env).exit_code == 0);
    env.set_env["COLUMNS"] = "44";
    env.set_env["TELEGRAM_BOT_TOKEN"] = "123456789:SANDBOX-telegram-bot-token";
    env.set_env["TELEGRAM_CHAT_ID"] = "4242";
    const auto table = run_agoras({"--format", "text", "auth", "status"}, env);
    INFO(table.out << table.err);
    CHECK(table.exit_code == 0);
    const auto lines = agoras::test::lines_of(table.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].rfind("   PLATFORM  ACCOUNT", 0) == 0);
    for (const auto& line : lines) {
        std::size_t width = 0;
        for (unsigned char c : line) width += (c & 0xC0) != 0x80;
        CHECK(width <= 44);
    }
    CHECK(contains(table.out, "*  bluesky   alice.sandb\u2026"));
    env.set_env["COLUMNS"] = "100";
    const auto wide = run_agoras({"--format", "text", "auth", "status"}, env).out;
    CHECK(contains(wide, "*  bluesky   alice.sandbox.test"));
    CHECK(contains(wide, "*  threads   sandbox_user (1234567890)"));  // the user, not only the app id
    CHECK(contains(wide, "   telegram  from TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID  ok"));
    // JSON keeps every field, the user among them.
    CHECK(contains(run_agoras({"auth", "status", "--platform", "threads"}, env).out, "\"user\":\"sandbox_user\""));
}

TEST_CASE("auth status --check leaves no vault where there was none, even when the check logs in", "[auth]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir("auth-check-it");
    const auto store = dir.path() / "store";
    auto env = sandbox.agoras_env(store.string());
    // Bluesky from the environment logs in, and would keep the session in the vault.
    env.set_env.insert({{"BLUESKY_HANDLE", "alice.sandbox.test"}, {"BLUESKY_APP_PASSWORD", "abcd-efgh-ijkl-mnop"},
                        {"BLUESKY_SERVICE", sandbox.url()}});
    const auto checked = run_agoras({"auth", "status", "--check"}, env);
    INFO(checked.err);
    CHECK(checked.exit_code == 0);
    CHECK(contains(checked.out, "\"variables\":[\"BLUESKY_HANDLE\",\"BLUESKY_APP_PASSWORD\",\"BLUESKY_SERVICE\"],\"check\":\"ok\""));
    CHECK(agoras::test::lines_of(checked.out).size() == 1);  // the session it made is not listed
    CHECK(Json::parse(sandbox.get("bluesky/state"))["create_session_calls"].integer() == 1);  // it did log in
    CHECK_FALSE(std::filesystem::exists(store / "vault.key"));
    CHECK_FALSE(std::filesystem::exists(store / "tokens"));
    // Where a vault exists, a check keeps using it as any command does.
    REQUIRE(run_agoras({"bluesky", "whoami"}, env).exit_code == 0);
    CHECK(std::filesystem::exists(store / "vault.key"));
}
