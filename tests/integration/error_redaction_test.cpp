// Error texts leave the process (results on stdout, stderr) and reach disk (the journal, a schedule's
// state column): a transport error names its URL, and a bot API's URL holds the bot's token. Every such
// text is redacted, and every failed target is named on stderr.
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

constexpr const char* kToken = "123456789:SANDBOX-telegram-bot-token";

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"redaction-it"};
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    // The environment's Telegram, at an address where nothing listens: every send is a transport error.
    ProcessOptions unreachable() const {
        auto e = env();
        e.set_env["AGORAS_TELEGRAM_API_URL"] = "http://127.0.0.1:" + std::to_string(agoras::test::free_port());
        e.set_env["TELEGRAM_BOT_TOKEN"] = kToken;
        e.set_env["TELEGRAM_CHAT_ID"] = "4242";
        return e;
    }
    std::string file(const std::string& relative) const {
        std::ifstream in(dir.path() / relative, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

}  // namespace

TEST_CASE("post --to: a transport error's URL keeps the bot token out of stdout, stderr and the journal", "[security]") {
    World w;
    const auto r = run_agoras({"post", "--to", "telegram", "--text", "hi", "--idempotency-key", "k1"}, w.unreachable());
    CHECK(r.exit_code == 6);
    CHECK(contains(r.out, R"("status":"failed")"));
    CHECK(contains(r.out, "bot[REDACTED]/sendMessage"));
    CHECK(contains(r.err, "telegram: no answer from"));  // the failure is on stderr too
    CHECK_FALSE(contains(r.out + r.err, kToken));
    const std::string journal = w.file("store/state/state.sqlite3") + w.file("store/state/state.sqlite3-wal");
    CHECK_FALSE(journal.empty());
    CHECK_FALSE(contains(journal, "SANDBOX-telegram-bot-token"));
}

TEST_CASE("schedule-run: a row's state column never holds the token of a failed send", "[security]") {
    World w;
    const std::string csv = (w.dir.path() / "schedule.csv").string();
    std::ofstream(csv) << "Hello,,,,,,2020-01-01,10,\n";
    const auto r = run_agoras({"utils", "schedule-run", "--network", "telegram", "--schedule-file", csv}, w.unreachable());
    CHECK(r.exit_code == 6);
    const std::string written = w.file("schedule.csv");
    CHECK(contains(written, "error: telegram: no answer from"));
    CHECK_FALSE(contains(written, "SANDBOX-telegram-bot-token"));
    CHECK_FALSE(contains(r.out + r.err, kToken));
}

TEST_CASE("auth status --check: a failed check's text keeps the stored token out of stdout", "[security]") {
    World w;
    REQUIRE(run_agoras({"telegram", "authorize", "--bot-token", kToken, "--chat-id", "4242"}, w.env()).exit_code == 0);
    auto broken = w.env();
    broken.set_env["AGORAS_TELEGRAM_API_URL"] = "http://127.0.0.1:" + std::to_string(agoras::test::free_port());
    const auto r = run_agoras({"auth", "status", "--platform", "telegram", "--check"}, broken);
    CHECK(contains(r.out, R"("check":"no answer from)"));
    CHECK_FALSE(contains(r.out + r.err, kToken));
}
