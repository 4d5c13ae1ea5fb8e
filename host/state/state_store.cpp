#include "state/state_store.hpp"

#include "core/environment.hpp"
#include "status_error.hpp"
#include "core/private_files.hpp"
#include "vault/storage_paths.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>

namespace agoras::host::state {
namespace {

constexpr int kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 60'000;

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw StatusError(AGORAS_ERR_STORAGE, "the state store " + file.string() + " " + what);
}

std::int64_t now_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

template <typename Body>
decltype(auto) guarded(const std::filesystem::path& file, Body&& body) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        fail(file, std::string("cannot be used: ") + e.what());
    }
}

}  // namespace

std::filesystem::path default_state_file() {
    if (const auto dir = core::env("AGORAS_STATE_DIR")) return std::filesystem::absolute(*dir) / "state.sqlite3";
    return vault::default_storage_paths().base / "state" / "state.sqlite3";
}

StateStore& process_state() {
    static StateStore store(default_state_file());
    return store;
}

StateStore::StateStore(std::filesystem::path file) : file_(std::move(file)) {}
StateStore::~StateStore() = default;

SQLite::Database& StateStore::database() {
    if (db_) return *db_;
    core::ensure_private_directory(file_.parent_path());
    return guarded(file_, [&]() -> SQLite::Database& {
        core::PrivateUmask umask;  // not secret, but nobody else's business either
        auto db = std::make_unique<SQLite::Database>(file_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE,
                                                     kBusyTimeoutMs);
        db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        db->exec("BEGIN IMMEDIATE");
        db->exec(
            "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value NOT NULL);"
            "CREATE TABLE IF NOT EXISTS journal(key TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,"
            "  remote_id TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',"
            "  updated_at INTEGER NOT NULL, checkpoint TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(key, target));"
            "CREATE TABLE IF NOT EXISTS feeds(url TEXT PRIMARY KEY, etag TEXT NOT NULL DEFAULT '',"
            "  last_modified TEXT NOT NULL DEFAULT '', body BLOB NOT NULL, fetched_at INTEGER NOT NULL);"
            "INSERT OR IGNORE INTO meta(name, value) VALUES('schema_version', 1);");
        const int version = db->execAndGet("SELECT value FROM meta WHERE name = 'schema_version'").getInt();
        db->exec("COMMIT");
        if (version != kSchemaVersion) {
            fail(file_, "has schema version " + std::to_string(version) + ", which this agoras (schema version " +
                            std::to_string(kSchemaVersion) + ") cannot use; it was left untouched");
        }
        db_ = std::move(db);
        return *db_;
    });
}

std::optional<JournalEntry> StateStore::journal_get(const std::string& key, const std::string& target) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&]() -> std::optional<JournalEntry> {
        SQLite::Statement query(database(), "SELECT status, remote_id, url, error, updated_at, checkpoint FROM journal "
                                            "WHERE key = ? AND target = ?");
        query.bind(1, key);
        query.bind(2, target);
        if (!query.executeStep()) return std::nullopt;
        return JournalEntry{key,
                            target,
                            query.getColumn(0).getString(),
                            query.getColumn(1).getString(),
                            query.getColumn(2).getString(),
                            query.getColumn(3).getString(),
                            query.getColumn(4).getInt64(),
                            query.getColumn(5).getString()};
    });
}

void StateStore::journal_put(const JournalEntry& entry) {
    const std::lock_guard<std::mutex> lock(mutex_);
    guarded(file_, [&] {
        SQLite::Transaction transaction(database(), SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement upsert(*db_, "INSERT OR REPLACE INTO journal(key, target, status, remote_id, url, error, "
                                       "updated_at, checkpoint) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
        upsert.bind(1, entry.key);
        upsert.bind(2, entry.target);
        upsert.bind(3, entry.status);
        upsert.bind(4, entry.remote_id);
        upsert.bind(5, entry.url);
        upsert.bind(6, entry.error);
        upsert.bind(7, static_cast<int64_t>(entry.updated_at != 0 ? entry.updated_at : now_seconds()));
        upsert.bind(8, entry.checkpoint);
        upsert.exec();
        transaction.commit();
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
