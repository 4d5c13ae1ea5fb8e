#include "state/state_store.hpp"

#include "status_error.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace agoras::host::state;

namespace {

JournalEntry outcome(const std::string& key, const std::string& target, const std::string& status,
                     const std::string& id = "", const std::string& error = "") {
    return {key, target, status, id, id.empty() ? "" : "https://example.social/" + id, error, 0, "{}", "", 0};
}

}  // namespace

TEST_CASE("state store: a claim, its checkpoint and its outcome are recorded", "[state]") {
    agoras::test::TempDir dir("state");
    StateStore store(dir.path() / "state" / "state.sqlite3");
    CHECK_FALSE(store.journal_get("release-1.2", "threads"));
    const Claim first = store.claim("release-1.2", "threads", "run-a", 60'000);
    CHECK(first.won);
    CHECK(first.previous.empty());
    store.checkpoint("release-1.2", "threads", "run-a", R"({"container":"17"})");
    CHECK(store.journal_get("release-1.2", "threads")->checkpoint == R"({"container":"17"})");
    CHECK(store.journal_get("release-1.2", "threads")->status == "pending");
    CHECK(store.journal_get("release-1.2", "threads")->owner == "run-a");
    CHECK(store.finish(outcome("release-1.2", "threads", "published", "1789"), "run-a"));
    // It is a real file, and another connection sees the same.
    StateStore again(store.file());
    CHECK(again.journal_get("release-1.2", "threads")->url == "https://example.social/1789");
    CHECK(again.journal_get("release-1.2", "threads")->owner.empty());
}

TEST_CASE("state store: of two runs, one wins a target, a published one is never claimed again", "[state]") {
    agoras::test::TempDir dir("state-claims");
    StateStore a(dir.path() / "state.sqlite3"), b(dir.path() / "state.sqlite3");
    CHECK(a.claim("k", "telegram", "run-a", 60'000).won);
    const Claim lost = b.claim("k", "telegram", "run-b", 60'000);
    CHECK_FALSE(lost.won);
    CHECK(lost.entry.status == "pending");
    CHECK(lost.entry.owner == "run-a");
    // Only the owner renews, checkpoints and finishes a failure.
    CHECK(a.renew("k", "telegram", "run-a", 60'000));
    CHECK_FALSE(b.renew("k", "telegram", "run-b", 60'000));
    CHECK_FALSE(b.finish(outcome("k", "telegram", "failed", "", "HTTP 400"), "run-b"));
    CHECK(a.finish(outcome("k", "telegram", "published", "42"), "run-a"));
    const Claim after = b.claim("k", "telegram", "run-b", 60'000);
    CHECK_FALSE(after.won);
    CHECK(after.entry.remote_id == "42");
    // Published never goes back, even for a published outcome written twice.
    CHECK_FALSE(b.finish(outcome("k", "telegram", "published", "43"), "run-b"));
    CHECK(a.journal_get("k", "telegram")->remote_id == "42");
}

TEST_CASE("state store: an abandoned claim is taken over with its checkpoint, failed and unknown ones too", "[state]") {
    agoras::test::TempDir dir("state-takeover");
    StateStore store(dir.path() / "state.sqlite3");
    CHECK(store.claim("k", "threads", "dead", 1).won);
    store.checkpoint("k", "threads", "dead", R"({"container":"9"})");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const Claim taken = store.claim("k", "threads", "alive", 60'000);
    REQUIRE(taken.won);
    CHECK(taken.previous == "pending");
    CHECK(taken.entry.checkpoint == R"({"container":"9"})");
    // The dead owner's late failure does not undo the new owner's claim.
    CHECK_FALSE(store.finish(outcome("k", "threads", "failed"), "dead"));
    CHECK(store.finish(outcome("k", "threads", "unknown", "", "no answer"), "alive"));
    const Claim after_unknown = store.claim("k", "threads", "third", 60'000);
    CHECK(after_unknown.won);
    CHECK(after_unknown.previous == "unknown");
    CHECK(store.finish(outcome("k", "threads", "failed", "", "HTTP 400"), "third"));
    CHECK(store.claim("k", "threads", "fourth", 60'000).previous == "failed");
}

TEST_CASE("state store: concurrent claimers on separate connections, exactly one winner", "[state]") {
    agoras::test::TempDir dir("state-race");
    const auto file = dir.path() / "state.sqlite3";
    StateStore(file).journal_get("warm", "up");  // creates the schema once
    std::atomic<int> winners{0};
    std::vector<std::thread> claimers;
    for (int i = 0; i < 8; ++i) {
        claimers.emplace_back([&, i] {
            StateStore own(file);
            if (own.claim("k", "bluesky", "run-" + std::to_string(i), 60'000).won) ++winners;
        });
    }
    for (auto& t : claimers) t.join();
    CHECK(winners == 1);
}

TEST_CASE("state store: a key remembers the post it was first used for", "[state]") {
    agoras::test::TempDir dir("state-keys");
    StateStore store(dir.path() / "state.sqlite3");
    CHECK_FALSE(store.bind_key("release", "aaaa"));
    CHECK_FALSE(store.bind_key("release", "aaaa"));
    const auto first_used = store.bind_key("release", "bbbb");
    REQUIRE(first_used);
    CHECK(*first_used > 1'700'000'000);
}

TEST_CASE("state store: settling by hand, and listing what is left", "[state]") {
    agoras::test::TempDir dir("state-resolve");
    StateStore store(dir.path() / "state.sqlite3");
    store.claim("k", "telegram", "a", 60'000);
    store.finish(outcome("k", "telegram", "unknown", "", "timeout"), "a");
    store.claim("k", "discord", "a", 60'000);
    store.claim("k", "bluesky", "a", 60'000);
    store.finish(outcome("k", "bluesky", "published", "b1"), "a");
    CHECK(store.journal_list("", {"unknown", "failed"}).size() == 1);
    CHECK(store.journal_list("k", {}).size() == 3);
    // A live claim and a published target cannot be settled by hand.
    CHECK_THROWS_AS(store.resolve("k", "discord", false, "", ""), agoras::host::StatusError);
    CHECK_THROWS_AS(store.resolve("k", "bluesky", false, "", ""), agoras::host::StatusError);
    CHECK_THROWS_AS(store.resolve("k", "mastodon", true, "1", ""), agoras::host::StatusError);
    store.resolve("k", "telegram", true, "77", "https://t.me/c/77");
    CHECK(store.journal_get("k", "telegram")->status == "published");
    CHECK(store.journal_get("k", "telegram")->remote_id == "77");
}

TEST_CASE("state store: a version 1 file is upgraded, an unknown version refused", "[state]") {
    agoras::test::TempDir dir("state-version");
    const auto file = dir.path() / "state.sqlite3";
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE meta(name TEXT PRIMARY KEY, value NOT NULL);"
                "CREATE TABLE journal(key TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,"
                "  remote_id TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',"
                "  updated_at INTEGER NOT NULL, checkpoint TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(key, target));"
                "INSERT INTO meta VALUES('schema_version', 1);"
                "INSERT INTO journal(key, target, status, updated_at) VALUES('old', 'threads', 'pending', 1);");
    }
    // An old pending row has no live lease: it is taken over (and reconciled by the engine).
    const Claim taken = StateStore(file).claim("old", "threads", "new", 60'000);
    CHECK(taken.won);
    CHECK(taken.previous == "pending");
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        CHECK(db.execAndGet("SELECT value FROM meta WHERE name = 'schema_version'").getInt() == 2);
        db.exec("UPDATE meta SET value = 9 WHERE name = 'schema_version'");
    }
    CHECK_THROWS_AS(StateStore(file).journal_get("k", "t"), agoras::host::StatusError);
}

TEST_CASE("state store: a store whose journal was dropped is refused, never silently made anew", "[state]") {
    agoras::test::TempDir dir("state-damaged");
    const auto file = dir.path() / "state.sqlite3";
    {
        StateStore store(file);
        store.claim("k", "t", "a", 60'000);
    }
    SQLite::Database(file.string(), SQLite::OPEN_READWRITE).exec("DROP TABLE journal");
    CHECK_THROWS_AS(StateStore(file).journal_get("k", "t"), agoras::host::StatusError);
    CHECK_FALSE(SQLite::Database(file.string(), SQLite::OPEN_READONLY).tableExists("journal"));  // left untouched
}

TEST_CASE("state store: which keys are published for every target, a batch in one query", "[state]") {
    agoras::test::TempDir dir("state");
    StateStore store(dir.path() / "state" / "state.sqlite3");
    std::vector<std::string> keys;
    for (int i = 0; i < 600; ++i) {
        const std::string key = "feed:item-" + std::to_string(i);
        keys.push_back(key);
        // Even items: published on both networks; multiples of 3 (odd): on telegram only; the rest: failed.
        for (const char* target : {"telegram", "mastodon:me@example.social"}) {
            const bool both = i % 2 == 0;
            const bool telegram_only = !both && i % 3 == 0 && std::string(target) == "telegram";
            REQUIRE(store.claim(key, target, "run", 60'000).won);
            store.finish(outcome(key, target, both || telegram_only ? "published" : "failed", both || telegram_only ? "1" : ""), "run");
        }
    }
    const auto published = store.journal_published(keys, {"telegram", "mastodon:me@example.social"});
    CHECK(published.size() == 300);
    CHECK(published.count("feed:item-0") == 1);
    CHECK(published.count("feed:item-3") == 0);  // one of two networks is not enough
    CHECK(published.count("feed:item-1") == 0);
    CHECK(store.journal_published(keys, {"telegram"}).size() == 400);  // 300 even and 100 odd multiples of 3
    CHECK(store.journal_published({"feed:item-0", "feed:nowhere"}, {"telegram", "telegram"}).size() == 1);
    CHECK(store.journal_published({}, {"telegram"}).empty());
}
