// The state store in PostgreSQL (AGORAS_STATE_URL): several "machines" (processes with separate
// storage and state directories) sharing one throw-away cluster publish each post, row and item once;
// a bad URL, an unreachable server and the URL's password are handled as docs/teams.md says.
#include "support/postgres_cluster.hpp"
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <thread>

using agoras::Json;
using agoras::test::contains;
using agoras::test::PostgresCluster;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;
namespace fs = std::filesystem;

namespace {

struct World {
    SandboxProcess sandbox;
    PostgresCluster cluster;
    agoras::test::TempDir dir{"postgres-it"};
    // Machine `n`: its own storage and state directories, the shared database, Telegram credentials
    // from the environment (as on a CI runner).
    ProcessOptions machine(int n, const std::string& state_url) const {
        auto e = sandbox.agoras_env((dir.path() / ("machine-" + std::to_string(n))).string());
        e.set_env["AGORAS_STATE_DIR"] = (dir.path() / ("state-" + std::to_string(n))).string();
        e.set_env["AGORAS_STATE_URL"] = state_url;
        e.set_env["TELEGRAM_BOT_TOKEN"] = "123456789:SANDBOX-telegram-bot-token";
        e.set_env["TELEGRAM_CHAT_ID"] = "4242";
        e.set_env["TELEGRAM_PARSE_MODE"] = "none";
        e.set_env["AGORAS_NOW"] = "1772730000";  // 2026-03-05T17:00:00Z, for schedules and feeds
        e.timeout_seconds = 60;
        return e;
    }
    // `count` machines running the same command at once.
    std::vector<ProcessResult> on_machines(int count, const std::vector<std::string>& args, const std::string& url) const {
        std::vector<std::future<ProcessResult>> running;
        for (int i = 0; i < count; ++i) {
            running.push_back(std::async(std::launch::async, [&, i] { return run_agoras(args, machine(i, url)); }));
        }
        std::vector<ProcessResult> results;
        for (auto& r : running) results.push_back(r.get());
        return results;
    }
    std::vector<std::string> texts() const {
        const Json state = Json::parse(sandbox.get("telegram/state"));
        std::vector<std::string> out;
        for (const auto& m : state["messages"].items()) out.push_back(m["text"].text());
        return out;
    }
};

}  // namespace

TEST_CASE("postgres: 8 machines with one key publish once, and all report the same post", "[postgres][never-twice]") {
    World w;
    const std::string url = w.cluster.url();
    w.sandbox.control("telegram/faults", "latency_ms=300");
    const auto runs = w.on_machines(8, {"post", "--to", "telegram", "--text", "eight machines", "--idempotency-key", "k"}, url);
    std::set<std::string> ids;
    for (const auto& r : runs) {
        INFO(r.err);
        CHECK(r.exit_code == 0);
        ids.insert(Json::parse(r.out)["id"].text());
    }
    CHECK(w.texts() == std::vector<std::string>{"eight machines"});
    CHECK(ids.size() == 1);
    CHECK(w.cluster.sql("SELECT status || ' ' || target FROM agoras_journal WHERE key = 'k'") == "published telegram\n");
    // Nothing was written to any machine's own state file.
    for (int i = 0; i < 8; ++i) CHECK_FALSE(fs::exists(w.dir.path() / ("state-" + std::to_string(i)) / "state.sqlite3"));
    // The journal command reads the shared store too.
    const auto shown = run_agoras({"journal", "show", "k"}, w.machine(9, url));
    CHECK(contains(shown.out, R"("status":"published")"));
}

TEST_CASE("postgres: four machines with copies of one schedule, and four feed runs, publish each once", "[postgres][never-twice]") {
    World w;
    const std::string url = w.cluster.url();
    w.sandbox.control("telegram/faults", "latency_ms=100");
    for (int i = 0; i < 4; ++i) {
        fs::create_directories(w.dir.path() / ("checkout-" + std::to_string(i)));
        std::ofstream(w.dir.path() / ("checkout-" + std::to_string(i)) / "schedule.csv")
            << "Row one,,,,,,2026-03-05,9,,\nRow two,,,,,,2026-03-05,10,,\n";
    }
    std::vector<std::future<ProcessResult>> running;
    for (int i = 0; i < 4; ++i) {
        running.push_back(std::async(std::launch::async, [&, i] {
            auto options = w.machine(i, url);
            options.set_env["AGORAS"] = AGORAS_BINARY;
            options.set_env["CHECKOUT"] = (w.dir.path() / ("checkout-" + std::to_string(i))).string();
            return agoras::test::run_process(
                {"/bin/sh", "-c",
                 "cd \"$CHECKOUT\" && \"$AGORAS\" utils schedule-run --network telegram --schedule-file schedule.csv --max-count 2"},
                options);
        }));
    }
    for (auto& r : running) {
        const auto result = r.get();
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    auto texts = w.texts();
    std::sort(texts.begin(), texts.end());
    CHECK(texts == std::vector<std::string>{"Row one", "Row two"});

    w.sandbox.serve("/feed.xml", "application/rss+xml",
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>B</title>"
                    "<item><title>Item</title><link>https://example.com/i</link><guid>i</guid>"
                    "<pubDate>Thu, 05 Mar 2026 16:00:00 GMT</pubDate></item></channel></rss>");
    const auto feeds = w.on_machines(4, {"utils", "feed-publish", "--network", "telegram", "--feed-url",
                                         w.sandbox.url() + "/web/feed.xml", "--mode", "last"},
                                     url);
    for (const auto& r : feeds) {
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(w.texts().size() == 3);
}

TEST_CASE("postgres: a malformed URL is exit 2, an unreachable server exit 8, and the password is never shown", "[postgres]") {
    World w;
    const auto post = std::vector<std::string>{"post", "--to", "telegram", "--text", "never sent"};
    const auto malformed = run_agoras(post, w.machine(0, "postgresql://agoras:s3cret-pw@127.0.0.1:5432/db?nonsense=1"));
    CHECK(malformed.exit_code == 2);
    CHECK(contains(malformed.err, "AGORAS_STATE_URL"));
    CHECK_FALSE(contains(malformed.out + malformed.err, "s3cret-pw"));
    CHECK(run_agoras(post, w.machine(0, "mysql://x@127.0.0.1/db")).exit_code == 2);

    w.cluster.stop();
    const auto unreachable = run_agoras(post, w.machine(0, "postgresql://agoras:s3cret-pw@127.0.0.1:" +
                                                               std::to_string(w.cluster.port()) + "/agoras"));
    CHECK(unreachable.exit_code == 8);
    CHECK(contains(unreachable.err, "PostgreSQL at 127.0.0.1:" + std::to_string(w.cluster.port()) + "/agoras cannot be reached"));
    CHECK_FALSE(contains(unreachable.out + unreachable.err, "s3cret-pw"));
    CHECK(w.texts().empty());  // nothing was sent
    // --state-url does what the variable does.
    auto without_variable = w.machine(0, "");
    without_variable.set_env.erase("AGORAS_STATE_URL");
    without_variable.unset_env.push_back("AGORAS_STATE_URL");
    const auto flagged = run_agoras({"--state-url", "postgresql://agoras@127.0.0.1:" + std::to_string(w.cluster.port()) + "/agoras",
                                     "post", "--to", "telegram", "--text", "never sent"},
                                    without_variable);
    CHECK(flagged.exit_code == 8);
    CHECK(w.texts().empty());
}

TEST_CASE("postgres vault: six machines whose shared Bluesky token expired refresh it once, and all post", "[postgres][vault]") {
    World w;
    const std::string url = w.cluster.url();
    const std::string key = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";  // base64 of 32 bytes
    const auto shared = [&](int n) {
        auto options = w.machine(n, url);
        options.set_env["AGORAS_VAULT_URL"] = url;
        options.set_env["AGORAS_VAULT_KEY"] = key;
        return options;
    };
    const auto authorized = run_agoras({"bluesky", "authorize", "--service", w.sandbox.url(), "--handle", "alice.sandbox.test",
                                        "--app-password", "abcd-efgh-ijkl-mnop"},
                                       shared(0));
    INFO(authorized.err);
    REQUIRE(authorized.exit_code == 0);
    w.sandbox.control("bluesky/faults", "expire_access_tokens=true");
    std::vector<std::future<ProcessResult>> running;
    for (int i = 1; i <= 6; ++i) {
        running.push_back(std::async(std::launch::async, [&, i] {
            return run_agoras({"bluesky", "post", "--text", "from machine " + std::to_string(i)}, shared(i));
        }));
    }
    for (auto& r : running) {
        const auto result = r.get();
        INFO(result.err);
        CHECK(result.exit_code == 0);
    }
    const Json state = Json::parse(w.sandbox.get("bluesky/state"));
    CHECK(state["refresh_calls"].integer() == 1);
    int posts = 0;
    for (const auto& record : state["records"].items()) posts += contains(record.serialize(), "from machine ");
    CHECK(posts == 6);
    // The database holds ciphertext only: no app password, no token.
    const std::string dump = w.cluster.sql("SELECT platform, identifier, encode(sealed_fields, 'escape') FROM agoras_vault");
    CHECK(contains(dump, "bluesky|alice.sandbox.test|"));
    CHECK_FALSE(contains(dump, "abcd-efgh-ijkl-mnop"));
    CHECK_FALSE(contains(dump, "eyJ"));  // every JWT starts so
    // A wrong key is refused, nothing changed.
    auto wrong = shared(7);
    wrong.set_env["AGORAS_VAULT_KEY"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const auto refused = run_agoras({"utils", "tokens", "list"}, wrong);
    CHECK(refused.exit_code == 8);
    CHECK(contains(refused.err, "AGORAS_VAULT_KEY does not match"));

    // A machine's own vault copied into the shared one, then seen from another machine.
    auto local = w.machine(8, url);
    local.set_env["AGORAS_VAULT_KEY"] = key;
    REQUIRE(run_agoras({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"},
                       local)
                .exit_code == 0);
    auto copying = local;
    copying.set_env["AGORAS_VAULT_URL"] = url;
    const auto copied = run_agoras({"utils", "tokens", "copy-to-shared"}, copying);
    INFO(copied.err);
    CHECK(copied.exit_code == 0);
    CHECK(contains(copied.out, R"("platform":"telegram","identifier":"4242","copied":true)"));
    CHECK(contains(run_agoras({"utils", "tokens", "list"}, shared(9)).out, "4242"));
}

TEST_CASE("postgres: the database stopped mid-run is exit 8, and the next run does not send again", "[postgres][never-twice]") {
    World w;
    const std::string url = w.cluster.url();
    w.sandbox.control("telegram/faults", "latency_ms=2000");  // sent, then a slow answer
    auto options = w.machine(0, url);
    options.set_env["AGORAS"] = AGORAS_BINARY;
    options.set_env["AGORAS_CLAIM_LEASE"] = "1";
    std::future<ProcessResult> running = std::async(std::launch::async, [&] {
        return agoras::test::run_process(
            {"/bin/sh", "-c", "\"$AGORAS\" post --to telegram --text 'database gone' --idempotency-key gone"}, options);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    w.cluster.stop();
    const auto interrupted = running.get();
    INFO(interrupted.err);
    CHECK(interrupted.exit_code == 8);
    CHECK(contains(interrupted.out, R"("status":"published")"));  // what happened is still reported
    CHECK(contains(interrupted.err, "the journal could not record it"));
    CHECK(w.texts() == std::vector<std::string>{"database gone"});

    w.cluster.start();
    w.sandbox.control("telegram/faults", "latency_ms=0");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the dead run's lease runs out
    const auto rerun = run_agoras({"post", "--to", "telegram", "--text", "database gone", "--idempotency-key", "gone"},
                                  w.machine(1, url));
    CHECK(contains(rerun.out, R"("status":"unknown")"));  // Telegram cannot tell: not sent again
    CHECK(w.texts() == std::vector<std::string>{"database gone"});
}
