#include "state/state_store.hpp"

#include "status_error.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>


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
    CHECK(store.journal_get("release-1.2", "threads")->remote_id == "1789");
    CHECK(store.journal_get("release-1.2", "mastodon:me@example.social")->error == "HTTP 503");
    CHECK_FALSE(store.journal_get("release-1.3", "threads"));
    // It is a real file, and another process (here another connection) sees the same.
    StateStore again(store.file());
    CHECK(again.journal_get("release-1.2", "threads")->url == "https://threads.net/t/1789");
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
