// The journal half of the state store: claims with leases, outcomes, fingerprints of keys, and
// settling by hand. Every read-then-write runs inside one BEGIN IMMEDIATE transaction, which SQLite
// gives to one connection at a time: that is what makes a claim race-free across processes.
#include "state/state_store.hpp"

#include "state/store_errors.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace agoras::host::state {
namespace {

// The database's clock in milliseconds (unixepoch('subsec') needs SQLite 3.42; Debian 12 has 3.40).
constexpr const char* kNowMs = "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
constexpr const char* kColumns = "key, target, status, remote_id, url, error, updated_at, checkpoint, owner, lease_until";

JournalEntry entry_of(SQLite::Statement& row) {
    return JournalEntry{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
                        row.getColumn(3).getString(), row.getColumn(4).getString(), row.getColumn(5).getString(),
                        row.getColumn(6).getInt64(),  row.getColumn(7).getString(), row.getColumn(8).getString(),
                        row.getColumn(9).getInt64()};
}

std::int64_t database_now_ms(SQLite::Database& db) { return db.execAndGet(std::string("SELECT ") + kNowMs).getInt64(); }

}  // namespace

std::optional<JournalEntry> StateStore::journal_get(const std::string& key, const std::string& target) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&]() -> std::optional<JournalEntry> {
        SQLite::Statement query(database(), std::string("SELECT ") + kColumns + " FROM journal WHERE key = ? AND target = ?");
        query.bind(1, key);
        query.bind(2, target);
        if (!query.executeStep()) return std::nullopt;
        return entry_of(query);
    });
}

std::vector<JournalEntry> StateStore::journal_list(const std::string& key, const std::vector<std::string>& statuses) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&] {
        std::string sql = std::string("SELECT ") + kColumns + " FROM journal WHERE (?1 = '' OR key = ?1)";
        if (!statuses.empty()) {
            sql += " AND status IN (";
            for (std::size_t i = 0; i < statuses.size(); ++i) sql += i == 0 ? "?" : ", ?";
            sql += ")";
        }
        sql += " ORDER BY updated_at DESC, key, target";
        SQLite::Statement query(database(), sql);
        query.bind(1, key);
        for (std::size_t i = 0; i < statuses.size(); ++i) query.bind(static_cast<int>(i + 2), statuses[i]);
        std::vector<JournalEntry> entries;
        while (query.executeStep()) entries.push_back(entry_of(query));
        return entries;
    });
}

std::set<std::string> StateStore::journal_published(const std::vector<std::string>& keys,
                                                   const std::vector<std::string>& targets) {
    if (keys.empty() || targets.empty()) return {};
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&] {
        const auto placeholders = [](std::size_t n) {
            std::string list;
            for (std::size_t i = 0; i < n; ++i) list += i == 0 ? "?" : ", ?";
            return list;
        };
        SQLite::Statement query(database(), "SELECT key FROM journal WHERE status = 'published' AND key IN (" +
                                                 placeholders(keys.size()) + ") AND target IN (" + placeholders(targets.size()) +
                                                 ") GROUP BY key HAVING COUNT(DISTINCT target) = ?");
        int at = 1;
        for (const auto& key : keys) query.bind(at++, key);
        for (const auto& target : targets) query.bind(at++, target);
        query.bind(at, static_cast<std::int64_t>(std::set<std::string>(targets.begin(), targets.end()).size()));
        std::set<std::string> published;
        while (query.executeStep()) published.insert(query.getColumn(0).getString());
        return published;
    });
}

std::optional<std::int64_t> StateStore::bind_key(const std::string& key, const std::string& fingerprint) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&]() -> std::optional<std::int64_t> {
        SQLite::Transaction transaction(database(), SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement insert(*db_, "INSERT OR IGNORE INTO journal_keys(key, fingerprint, created_at) VALUES(?, ?, ?)");
        insert.bind(1, key);
        insert.bind(2, fingerprint);
        insert.bind(3, static_cast<int64_t>(now_seconds()));
        insert.exec();
        SQLite::Statement query(*db_, "SELECT fingerprint, created_at FROM journal_keys WHERE key = ?");
        query.bind(1, key);
        query.executeStep();
        const bool same = query.getColumn(0).getString() == fingerprint;
        const std::int64_t created_at = query.getColumn(1).getInt64();
        query.reset();
        transaction.commit();
        if (same) return std::nullopt;
        return created_at;
    });
}

Claim StateStore::claim(const std::string& key, const std::string& target, const std::string& owner,
                        std::int64_t lease_ms) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&] {
        SQLite::Transaction transaction(database(), SQLite::TransactionBehavior::IMMEDIATE);
        std::optional<JournalEntry> row;
        const std::int64_t now_ms = database_now_ms(*db_);
        {
            SQLite::Statement query(*db_, std::string("SELECT ") + kColumns + " FROM journal WHERE key = ? AND target = ?");
            query.bind(1, key);
            query.bind(2, target);
            if (query.executeStep()) row = entry_of(query);
        }
        const Claim claim = decide_claim(row, key, target, owner, now_ms, lease_ms, now_seconds());
        if (!claim.won) {
            transaction.commit();
            return claim;
        }
        SQLite::Statement upsert(*db_, "INSERT INTO journal(key, target, status, updated_at, owner, lease_until) "
                                       "VALUES(?1, ?2, 'pending', ?3, ?4, ?5) ON CONFLICT(key, target) DO UPDATE SET "
                                       "status = 'pending', error = '', updated_at = ?3, owner = ?4, lease_until = ?5");
        upsert.bind(1, key);
        upsert.bind(2, target);
        upsert.bind(3, static_cast<int64_t>(claim.entry.updated_at));
        upsert.bind(4, owner);
        upsert.bind(5, static_cast<int64_t>(claim.entry.lease_until_ms));
        upsert.exec();
        transaction.commit();
        return claim;
    });
}

bool StateStore::renew(const std::string& key, const std::string& target, const std::string& owner,
                       std::int64_t lease_ms) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&] {
        SQLite::Statement update(database(), std::string("UPDATE journal SET lease_until = ") + kNowMs +
                                                 " + ? WHERE key = ? AND target = ? AND owner = ? AND status = 'pending'");
        update.bind(1, static_cast<int64_t>(lease_ms));
        update.bind(2, key);
        update.bind(3, target);
        update.bind(4, owner);
        return update.exec() == 1;
    });
}

void StateStore::checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                            const std::string& checkpoint) {
    const std::lock_guard<std::mutex> lock(mutex_);
    guarded(file_, [&] {
        SQLite::Statement update(database(), "UPDATE journal SET checkpoint = ?, updated_at = ? "
                                             "WHERE key = ? AND target = ? AND owner = ? AND status = 'pending'");
        update.bind(1, checkpoint);
        update.bind(2, static_cast<int64_t>(now_seconds()));
        update.bind(3, key);
        update.bind(4, target);
        update.bind(5, owner);
        update.exec();
    });
}

bool StateStore::finish(const JournalEntry& outcome, const std::string& owner) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return guarded(file_, [&] {
        const bool published = outcome.status == "published";
        SQLite::Statement update(database(),
                                 std::string("UPDATE journal SET status = ?, remote_id = ?, url = ?, error = ?, updated_at = ?, "
                                             "owner = '', lease_until = 0 WHERE key = ? AND target = ? AND ") +
                                     (published ? "status <> 'published'" : "status = 'pending' AND owner = ?"));
        update.bind(1, outcome.status);
        update.bind(2, outcome.remote_id);
        update.bind(3, outcome.url);
        update.bind(4, outcome.error);
        update.bind(5, static_cast<int64_t>(now_seconds()));
        update.bind(6, outcome.key);
        update.bind(7, outcome.target);
        if (!published) update.bind(8, owner);
        return update.exec() == 1;
    });
}

void StateStore::resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                         const std::string& url) {
    const std::lock_guard<std::mutex> lock(mutex_);
    guarded(file_, [&] {
        SQLite::Transaction transaction(database(), SQLite::TransactionBehavior::IMMEDIATE);
        const std::int64_t now_ms = database_now_ms(*db_);
        SQLite::Statement query(*db_, "SELECT status, lease_until FROM journal WHERE key = ? AND target = ?");
        query.bind(1, key);
        query.bind(2, target);
        const bool found = query.executeStep();
        const std::string status = found ? query.getColumn(0).getString() : "";
        const bool live = status == "pending" && query.getColumn(1).getInt64() > now_ms;
        query.reset();
        if (const std::string refusal = resolve_refusal(key, target, status, live); !refusal.empty()) throw usage_error(refusal);
        SQLite::Statement update(*db_, "UPDATE journal SET status = ?, remote_id = ?, url = ?, error = ?, updated_at = ?, "
                                       "owner = '', lease_until = 0 WHERE key = ? AND target = ?");
        update.bind(1, published ? "published" : "failed");
        update.bind(2, id);
        update.bind(3, url);
        update.bind(4, published ? "" : "settled by hand as not published");
        update.bind(5, static_cast<int64_t>(now_seconds()));
        update.bind(6, key);
        update.bind(7, target);
        update.exec();
        transaction.commit();
    });
}

}  // namespace agoras::host::state
