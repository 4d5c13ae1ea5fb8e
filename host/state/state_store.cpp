#include "state/state_store.hpp"

#include "clock.hpp"
#include "core/environment.hpp"
#include "core/private_files.hpp"
#include "postgres/loader.hpp"
#include "state/store_errors.hpp"
#include "vault/storage_paths.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>


namespace agoras::host::state {
namespace {

// 2: the journal's claims (owner, lease) and journal_keys. A version 1 file is upgraded in place.
constexpr int kSchemaVersion = 2;
constexpr int kBusyTimeoutMs = 60'000;
constexpr std::uint64_t kLeastBusyTimeoutMs = 5'000;

}  // namespace

std::filesystem::path default_state_file() {
    if (const auto dir = core::env("AGORAS_STATE_DIR")) return std::filesystem::absolute(*dir) / "state.sqlite3";
    return vault::default_storage_paths().base / "state" / "state.sqlite3";
}

Store& process_state() {
    static const std::unique_ptr<Store> store = []() -> std::unique_ptr<Store> {
        if (const auto url = core::env("AGORAS_STATE_URL")) return postgres::open_postgres_state(*url);
        return std::make_unique<StateStore>(default_state_file());
    }();
    return *store;
}

StateStore::StateStore(std::filesystem::path file) : file_(std::move(file)) {}
StateStore::~StateStore() = default;

SQLite::Database& StateStore::database() {
    if (db_) return *db_;
    core::ensure_private_directory(file_.parent_path());
    return guarded(file_, [&]() -> SQLite::Database& {
        core::PrivateUmask umask;  // not secret, but nobody else's business either
        // How long a write waits for another process's lock: a minute. AGORAS_SLEEP_SCALE shortens it for tests, but
        // not below what runs side by side on a loaded machine need to take turns (60 ms was too short for four).
        const int busy_ms = static_cast<int>(std::max<std::uint64_t>(scaled_ms(kBusyTimeoutMs), kLeastBusyTimeoutMs));
        auto db = std::make_unique<SQLite::Database>(file_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_ms);
        db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        db->exec("BEGIN IMMEDIATE");
        // A store that has its meta table but lost its journal is damaged, not new: making a fresh journal
        // would forget what was published and post it again.
        if (db->tableExists("meta") && !db->tableExists("journal")) {
            db->exec("ROLLBACK");
            fail(file_, "is damaged: its journal table is missing. It was left untouched: restore it from a backup, or "
                        "move it aside to start a new one (what it recorded as published would then be posted again)");
        }
        db->exec(
            "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value NOT NULL);"
            "CREATE TABLE IF NOT EXISTS journal(key TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,"
            "  remote_id TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',"
            "  updated_at INTEGER NOT NULL, checkpoint TEXT NOT NULL DEFAULT '{}', owner TEXT NOT NULL DEFAULT '',"
            "  lease_until INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(key, target));"
            "CREATE TABLE IF NOT EXISTS backoff(platform TEXT NOT NULL, account TEXT NOT NULL, until_ms INTEGER NOT NULL,"
            "  PRIMARY KEY(platform, account));"
            "CREATE TABLE IF NOT EXISTS feeds(url TEXT PRIMARY KEY, etag TEXT NOT NULL DEFAULT '',"
            "  last_modified TEXT NOT NULL DEFAULT '', body BLOB NOT NULL, fetched_at INTEGER NOT NULL);"
            "INSERT OR IGNORE INTO meta(name, value) VALUES('schema_version', 2);");
        int version = db->execAndGet("SELECT value FROM meta WHERE name = 'schema_version'").getInt();
        if (version == 1) {
            // A pending row of version 1 has no owner and an expired lease: the next run reconciles it.
            db->exec("ALTER TABLE journal ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
                     "ALTER TABLE journal ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;"
                     "UPDATE meta SET value = 2 WHERE name = 'schema_version';");
            version = 2;
        }
        db->exec("CREATE TABLE IF NOT EXISTS journal_keys(key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
                 "  created_at INTEGER NOT NULL)");
        db->exec("COMMIT");
        if (version != kSchemaVersion) {
            fail(file_, "has schema version " + std::to_string(version) + ", which this agoras (schema version " +
                            std::to_string(kSchemaVersion) + ") cannot use; it was left untouched");
        }
        db_ = std::move(db);
        return *db_;
    });
}

std::int64_t StateStore::backoff_get(const std::string& platform, const std::string& account) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&]() -> std::int64_t {
        SQLite::Statement query(database(), "SELECT until_ms FROM backoff WHERE platform = ? AND account = ?");
        query.bind(1, platform);
        query.bind(2, account);
        return query.executeStep() ? query.getColumn(0).getInt64() : 0;
    });
}

void StateStore::backoff_put(const std::string& platform, const std::string& account, std::int64_t until_ms) {
    const std::lock_guard<std::mutex> lock(mutex_);
    guarded(file_, [&] {
        SQLite::Statement upsert(database(), "INSERT INTO backoff(platform, account, until_ms) VALUES(?, ?, ?) "
                                             "ON CONFLICT(platform, account) DO UPDATE SET until_ms = max(until_ms, excluded.until_ms)");
        upsert.bind(1, platform);
        upsert.bind(2, account);
        upsert.bind(3, static_cast<int64_t>(until_ms));
        upsert.exec();
    });
}

std::optional<FeedCache> StateStore::feed_cache_get(const std::string& url) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&]() -> std::optional<FeedCache> {
        SQLite::Statement query(database(), "SELECT etag, last_modified, body, fetched_at FROM feeds WHERE url = ?");
        query.bind(1, url);
        if (!query.executeStep()) return std::nullopt;
        const auto body = query.getColumn(2);
        return FeedCache{url, query.getColumn(0).getString(), query.getColumn(1).getString(),
                         std::string(static_cast<const char*>(body.getBlob()), static_cast<std::size_t>(body.getBytes())),
                         query.getColumn(3).getInt64()};
    });
}

void StateStore::feed_cache_put(const FeedCache& entry) {
    const std::lock_guard<std::mutex> lock(mutex_);
    guarded(file_, [&] {
        SQLite::Statement upsert(database(), "INSERT INTO feeds(url, etag, last_modified, body, fetched_at) VALUES(?, ?, ?, ?, ?) "
                                             "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = "
                                             "excluded.last_modified, body = excluded.body, fetched_at = excluded.fetched_at");
        upsert.bind(1, entry.url);
        upsert.bind(2, entry.etag);
        upsert.bind(3, entry.last_modified);
        upsert.bind(4, entry.body.data(), static_cast<int>(entry.body.size()));
        upsert.bind(5, static_cast<int64_t>(entry.fetched_at != 0 ? entry.fetched_at : now_seconds()));
        upsert.exec();
    });
}

}  // namespace agoras::host::state
