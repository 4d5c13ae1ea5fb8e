// A state store another process holds locked: agoras waits (a minute, scaled down here to its floor of 5 s), then
// sends nothing and says why (exit 8), since a post it could not record might go out again.
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

using agoras::test::contains;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

TEST_CASE("a locked state store: post --to waits, then sends nothing and exits 8", "[never-twice]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"locked-store-it"};
    auto env = sandbox.agoras_env((dir.path() / "store").string());
    env.set_env.insert({{"TELEGRAM_BOT_TOKEN", "123456789:SANDBOX-telegram-bot-token"}, {"TELEGRAM_CHAT_ID", "4242"},
                        {"AGORAS_STATE_DIR", (dir.path() / "state").string()}, {"AGORAS_SLEEP_SCALE", "0.01"}});
    const auto messages = [&] { return agoras::test::count_of(sandbox.get("telegram/state"), "\"message_id\""); };
    REQUIRE(run_agoras({"post", "--to", "telegram", "--text", "the store is made"}, env).exit_code == 0);
    REQUIRE(messages() == 1);

    // Another process takes SQLite's exclusive lock and keeps it while agoras runs.
    env.set_env["AGORAS"] = AGORAS_BINARY;
    env.set_env["STATE"] = (dir.path() / "state" / "state.sqlite3").string();
    const auto locked = agoras::test::run_process(
        {"/bin/bash", "-c",
         "python3 -c 'import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute(\"BEGIN EXCLUSIVE\")\n"
         "print(\"locked\", flush=True); time.sleep(20)' \"$STATE\" > \"$STATE.holder\" &\n"
         "holder=$!; for i in $(seq 100); do grep -q locked \"$STATE.holder\" 2>/dev/null && break; sleep 0.05; done\n"
         "start=$(date +%s%N); \"$AGORAS\" post --to telegram --text 'never sent'; code=$?\n"
         "echo \"elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))\" >&2; kill $holder; exit $code"},
        env);
    INFO(locked.err);
    CHECK(locked.exit_code == 8);
    CHECK(contains(locked.err, "state"));  // it says the state store is what failed
    CHECK(messages() == 1);                // nothing was sent
}
