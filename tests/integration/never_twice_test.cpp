// "Never twice" across processes: concurrent `post --to` runs with one key, a run killed in flight
// and its concurrent reruns, a send whose answer never came, a key reused for another post, and the
// journal command that settles what is unknown. Real agoras processes, the sandbox on loopback.
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"never-twice-it"};
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const { return run_agoras(args, options); }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    void run(const std::vector<std::string>& args) const {
        const auto r = agoras(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    void authorize() const {
        run({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret});
        run({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"});
    }
    int threads_posts(const std::string& text) const {
        const Json state = Json::parse(sandbox.state());
        int n = 0;
        for (const auto& post : state["posts"].items()) n += post["text"].text() == text;
        return n;
    }
    int telegram_messages(const std::string& text) const {
        const Json state = Json::parse(sandbox.get("telegram/state"));
        int n = 0;
        for (const auto& m : state["messages"].items()) n += m["text"].text() == text;
        return n;
    }
    std::string read(const std::string& name) const {
        std::ifstream in(dir.path() / name);
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }

    // `count` agoras processes at once, each `post ARGS`; their outputs in out.N, err.N, rc.N.
    void run_concurrently(int count, const std::string& args, ProcessOptions options) const {
        options.set_env["AGORAS"] = AGORAS_BINARY;
        options.set_env["DIR"] = dir.path().string();
        options.timeout_seconds = 60;
        const std::string script = "for i in $(seq 1 " + std::to_string(count) + "); do (\"$AGORAS\" post " + args +
                                   " >\"$DIR/out.$i\" 2>\"$DIR/err.$i\"; echo $? >\"$DIR/rc.$i\") & done; wait";
        REQUIRE(agoras::test::run_process({"/bin/sh", "-c", script}, options).exit_code == 0);
    }
};

}  // namespace

TEST_CASE("never twice: 8 concurrent runs with one key publish each target once, and all report it", "[post][never-twice]") {
    World w;
    w.authorize();
    w.sandbox.control("faults", "latency_ms=300");           // Threads answers slowly,
    w.sandbox.control("telegram/faults", "latency_ms=300");  // and so does Telegram
    w.run_concurrently(8, "--to threads,telegram --text 'eight at once' --idempotency-key release-8", w.env());
    CHECK(w.threads_posts("eight at once") == 1);
    CHECK(w.telegram_messages("eight at once") == 1);
    std::set<std::string> threads_ids, telegram_ids;
    int published = 0;
    for (int i = 1; i <= 8; ++i) {
        const std::string n = std::to_string(i);
        INFO("run " << n << ": " << w.read("err." + n));
        CHECK(w.read("rc." + n) == "0\n");
        for (const auto& line : agoras::test::lines_of(w.read("out." + n))) {
            const Json result = Json::parse(line);
            published += result["status"].text() == "published";
            (result["platform"].text() == "threads" ? threads_ids : telegram_ids).insert(result["id"].text());
        }
    }
    CHECK(published == 2);  // one run won each target; the others waited and report already-published
    CHECK(threads_ids.size() == 1);
    CHECK(telegram_ids.size() == 1);
    CHECK_FALSE(threads_ids.count(""));
}

TEST_CASE("never twice: a run killed in flight, then three concurrent reruns, still one post", "[post][never-twice]") {
    World w;
    w.authorize();
    w.sandbox.control("telegram/faults", "latency_ms=3000");  // sent, then a slow answer: killed before it comes
    auto killable = w.env();
    killable.set_env["AGORAS"] = AGORAS_BINARY;
    killable.set_env["AGORAS_CLAIM_LEASE"] = "1";
    const auto killed = agoras::test::run_process(
        {"/bin/sh", "-c", "\"$AGORAS\" post --to telegram --text 'killed in flight' --idempotency-key k & pid=$!; sleep 1; kill -9 $pid; wait $pid"},
        killable);
    CHECK(killed.exit_code == 137);
    w.sandbox.control("telegram/faults", "latency_ms=0");
    w.run_concurrently(3, "--to telegram --text 'killed in flight' --idempotency-key k", w.env());
    CHECK(w.telegram_messages("killed in flight") == 1);
    for (int i = 1; i <= 3; ++i) {
        const std::string n = std::to_string(i);
        // Telegram cannot tell whether it was sent: unknown, never re-sent.
        CHECK(contains(w.read("out." + n), R"("status":"unknown")"));
        CHECK(w.read("rc." + n) != "0\n");
    }
}

TEST_CASE("never twice: a send whose answer never came is unknown, and the journal settles it", "[post][never-twice]") {
    World w;
    w.authorize();
    w.sandbox.control("telegram/faults", "latency_ms=2500");
    auto impatient = w.env();
    impatient.set_env["AGORAS_HTTP_TIMEOUT"] = "1";
    const auto timed_out = w.agoras({"post", "--to", "telegram", "--text", "no answer", "--idempotency-key", "t"}, impatient);
    CHECK(contains(timed_out.out, R"("status":"unknown")"));
    CHECK(timed_out.exit_code == 6);
    w.sandbox.control("telegram/faults", "latency_ms=0");
    CHECK(w.telegram_messages("no answer") == 1);  // it did arrive

    // The documented rerun does not send it again.
    const auto rerun = w.agoras({"post", "--to", "telegram", "--text", "no answer", "--idempotency-key", "t"});
    CHECK(contains(rerun.out, R"("status":"unknown")"));
    CHECK(w.telegram_messages("no answer") == 1);

    const auto listed = w.agoras({"journal", "list"});
    CHECK(listed.exit_code == 0);
    CHECK(contains(listed.out, R"("key":"t","target":"telegram","status":"unknown")"));
    // Settled by hand after checking the channel: the rerun reports it as published.
    const auto resolved = w.agoras({"journal", "resolve", "t", "telegram", "--published", "1", "--url", "https://t.me/c/1"});
    INFO(resolved.err);
    CHECK(resolved.exit_code == 0);
    const auto settled = w.agoras({"post", "--to", "telegram", "--text", "no answer", "--idempotency-key", "t"});
    CHECK(settled.exit_code == 0);
    CHECK(contains(settled.out, R"("status":"already-published","id":"1")"));
    CHECK(w.agoras({"journal", "resolve", "t", "telegram", "--not-published"}).exit_code == 2);  // published never goes back
    CHECK(w.agoras({"journal", "list"}).out.empty());
    CHECK(contains(w.agoras({"journal", "show", "t"}).out, R"("status":"published")"));
    CHECK(w.agoras({"journal", "show", "nope"}).exit_code == 1);
}

TEST_CASE("never twice: a key reused for another post is refused, and a run without a key names its own", "[post][never-twice]") {
    World w;
    w.authorize();
    CHECK(w.agoras({"post", "--to", "telegram", "--text", "first", "--idempotency-key", "once"}).exit_code == 0);
    const auto other = w.agoras({"post", "--to", "telegram", "--text", "second", "--idempotency-key", "once"});
    CHECK(other.exit_code == 2);
    CHECK(contains(other.err, "the idempotency key 'once' was used on"));
    CHECK(w.telegram_messages("second") == 0);
    CHECK(w.agoras({"post", "--to", "telegram,threads", "--text", "first", "--idempotency-key", "once"}).exit_code == 2);

    // Without a key, a partial failure names the key it was journaled under and the retry command.
    w.sandbox.control("faults", "server_error_next=1");
    const auto partial = w.agoras({"post", "--to", "telegram,threads", "--text", "half of it"});
    CHECK(partial.exit_code == 9);
    const auto at = partial.err.find("--idempotency-key run-");
    REQUIRE(at != std::string::npos);
    CHECK(contains(partial.err, "agoras post --to telegram,threads --text 'half of it' --idempotency-key run-"));
    const std::string key = partial.err.substr(at + 18, 20);
    const auto retried = w.agoras({"post", "--to", "telegram,threads", "--text", "half of it", "--idempotency-key", key});
    INFO(retried.err);
    CHECK(retried.exit_code == 0);
    CHECK(contains(retried.out, R"("platform":"telegram","account":null,"status":"already-published")"));
    CHECK(w.telegram_messages("half of it") == 1);
    CHECK(w.threads_posts("half of it") == 1);
}

TEST_CASE("never twice: a Threads publish answered with a server error is found by its own id, not re-sent", "[post][never-twice]") {
    World w;
    w.authorize();
    w.sandbox.control("faults", "publish_then_fail_next=1");  // published, then HTTP 500
    const auto first = w.agoras({"post", "--to", "threads", "--text", "published, then an error", "--idempotency-key", "p"});
    INFO(first.err);
    CHECK(first.exit_code == 0);
    const Json result = Json::parse(first.out);
    CHECK(result["status"].text() == "published");
    // The post's id, not the container's: the sandbox gives them different ids, as Meta may.
    const Json state = Json::parse(w.sandbox.state());
    std::string post_id;
    for (const auto& post : state["posts"].items()) {
        if (post["text"].text() == "published, then an error") post_id = post["id"].text();
    }
    CHECK(result["id"].text() == post_id);
    CHECK(contains(result["url"].text(), "/post/SB" + post_id));
    CHECK(w.threads_posts("published, then an error") == 1);
}

TEST_CASE("never twice: a fast target's outcome is recorded while a slow one still works", "[post][never-twice]") {
    World w;
    w.authorize();
    w.sandbox.control("faults", "container_delay_ms=4000");  // Threads processes the post slowly
    auto killable = w.env();
    killable.set_env["AGORAS"] = AGORAS_BINARY;
    killable.set_env["AGORAS_SLEEP_SCALE"] = "1";
    killable.set_env["AGORAS_CLAIM_LEASE"] = "1";
    const auto killed = agoras::test::run_process(
        {"/bin/sh", "-c",
         "\"$AGORAS\" post --to threads,telegram --text 'fast and slow' --idempotency-key fs & pid=$!; sleep 1.5; kill -9 $pid; wait $pid"},
        killable);
    CHECK(killed.exit_code == 137);
    CHECK(w.telegram_messages("fast and slow") == 1);
    w.sandbox.control("faults", "container_delay_ms=0");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const auto rerun = w.agoras({"post", "--to", "threads,telegram", "--text", "fast and slow", "--idempotency-key", "fs"});
    INFO(rerun.err);
    // Telegram was recorded the moment it was sent: already-published, not unknown.
    CHECK(contains(rerun.out, R"("platform":"telegram","account":null,"status":"already-published")"));
    CHECK(contains(rerun.out, R"("platform":"threads","account":null,"status":"published")"));
    CHECK(rerun.exit_code == 0);
    CHECK(w.telegram_messages("fast and slow") == 1);
    CHECK(w.threads_posts("fast and slow") == 1);
}

TEST_CASE("never twice: a platform's 429 holds back the next runs for as long as it said", "[post][never-twice]") {
    World w;
    w.authorize();
    w.sandbox.control("faults", "http_429_next=50&retry_after_s=60");
    const auto limited = w.agoras({"post", "--to", "threads", "--text", "too fast"});
    CHECK(limited.exit_code == 4);
    w.sandbox.control("faults", "http_429_next=0");
    const auto before = Json::parse(w.sandbox.state())["requests"].integer();
    // The next run, with another key: refused before it sends anything, naming until when.
    const auto next = w.agoras({"post", "--to", "threads,telegram", "--text", "a minute later"});
    INFO(next.err);
    CHECK(next.exit_code == 9);  // Telegram is not held back
    CHECK(contains(next.err, "threads asked this account to slow down until"));
    CHECK(Json::parse(w.sandbox.state())["requests"].integer() == before);
    CHECK(w.telegram_messages("a minute later") == 1);
    CHECK(w.threads_posts("a minute later") == 0);
}
