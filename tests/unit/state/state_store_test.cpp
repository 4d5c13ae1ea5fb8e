#include "state/state_store.hpp"

#include "status_error.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <future>

using namespace agoras::host::state;

TEST_CASE("state store: the journal records each target's outcome, before and after sending", "[state]") {
    agoras::test::TempDir dir("state");
    StateStore store(dir.path() / "state" / "state.sqlite3");
    CHECK_FALSE(store.journal_get("release-1.2", "threads"));
    store.journal_put({"release-1.2", "threads", "pending", "", "", "", 0, R"({"container":"17"})"});
    CHECK(store.journal_get("release-1.2", "threads")->checkpoint == R"({"container":"17"})");
    CHECK(store.journal_get("release-1.2", "threads")->status == "pending");
    store.journal_put({"release-1.2", "threads", "published", "1789", "https://threads.net/t/1789", "", 0, "{}"});
    store.journal_put({"release-1.2", "mastodon:me@example.social", "failed", "", "", "HTTP 503", 0, "{}"});
    const auto entries = store.journal_list("release-1.2");
    REQUIRE(entries.size() == 2);
    CHECK(entries[1].target == "threads");
    CHECK(entries[1].remote_id == "1789");
    CHECK(entries[0].error == "HTTP 503");
    // It is a real file, and another process (here another connection) sees the same.
    StateStore again(store.file());
    CHECK(again.journal_get("release-1.2", "threads")->url == "https://threads.net/t/1789");
}

TEST_CASE("state store: the ledger adds an item once per platform, even from parallel writers", "[state]") {
    agoras::test::TempDir dir("ledger");
    const auto file = dir.path() / "state.sqlite3";
    std::vector<std::future<bool>> adds;
    for (int i = 0; i < 8; ++i) {
        adds.push_back(std::async(std::launch::async, [file] {
            StateStore store(file);
            return store.ledger_add({"https://example.com/feed.xml", "guid-1", "threads", "1789", 0});
        }));
    }
    int added = 0;
    for (auto& add : adds) added += add.get() ? 1 : 0;
    CHECK(added == 1);
    StateStore store(file);
    CHECK(store.ledger_has("https://example.com/feed.xml", "guid-1", "threads"));
    CHECK_FALSE(store.ledger_has("https://example.com/feed.xml", "guid-1", "mastodon"));
}

TEST_CASE("state store: a schema version is recorded and an unknown one refused", "[state]") {
    agoras::test::TempDir dir("state-version");
    const auto file = dir.path() / "state.sqlite3";
    StateStore(file).journal_put({"k", "t", "pending", "", "", "", 0, "{}"});
    {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        CHECK(db.execAndGet("SELECT value FROM meta WHERE name = 'schema_version'").getInt() == 1);
        db.exec("UPDATE meta SET value = 9 WHERE name = 'schema_version'");
    }
    CHECK_THROWS_AS(StateStore(file).journal_get("k", "t"), agoras::host::StatusError);
}
