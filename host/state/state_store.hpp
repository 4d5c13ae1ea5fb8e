// The non-secret state of agoras: what was published where, so that nothing is published twice
// across runs. One SQLite file with a schema_version, at $AGORAS_STATE_DIR/state.sqlite3 (default
// <storage dir>/state/state.sqlite3), kept apart from the vault so that CI can cache it.
//   journal: one row per (key, target) of every journaled publish: claimed (pending, with an owner
//            and a lease) before sending, then published, failed or unknown, with the platform's id
//            and url. feed-publish keys its entries "feed:<url>#<item identity>" and schedule-run
//            "schedule:<schedule>#<row>", so the journal is their ledger too.
//   journal_keys: what each key was first used for (a fingerprint of the post), so that a key reused
//            for another post is refused instead of reporting the first post.
//   feeds:   the last download of each feed (validators and body) for conditional GETs.
// (Files written before kept a "ledger" table, which nothing reads.)
// Writes are transactions under BEGIN IMMEDIATE, like the vault's: a claim reads and writes inside
// one, so of any number of concurrent runs exactly one wins each target. Times of claims come from
// the database's clock.
#pragma once

#include "state/store.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace agoras::host::state {


// The SQLite store.
class StateStore final : public Store {
public:
    explicit StateStore(std::filesystem::path file);
    ~StateStore() override;
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    const std::filesystem::path& file() const { return file_; }

    std::optional<JournalEntry> journal_get(const std::string& key, const std::string& target) override;
    std::vector<JournalEntry> journal_list(const std::string& key, const std::vector<std::string>& statuses) override;
    std::set<std::string> journal_published(const std::vector<std::string>& keys, const std::vector<std::string>& targets) override;
    std::optional<std::int64_t> bind_key(const std::string& key, const std::string& fingerprint) override;
    Claim claim(const std::string& key, const std::string& target, const std::string& owner, std::int64_t lease_ms) override;
    bool renew(const std::string& key, const std::string& target, const std::string& owner, std::int64_t lease_ms) override;
    void checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                    const std::string& checkpoint) override;
    bool finish(const JournalEntry& outcome, const std::string& owner) override;
    void resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                 const std::string& url) override;
    std::int64_t backoff_get(const std::string& platform, const std::string& account) override;
    void backoff_put(const std::string& platform, const std::string& account, std::int64_t until_ms) override;
    std::optional<FeedCache> feed_cache_get(const std::string& url) override;
    void feed_cache_put(const FeedCache& entry) override;

private:
    SQLite::Database& database();

    std::filesystem::path file_;
    std::mutex mutex_;
    std::unique_ptr<SQLite::Database> db_;
};

// $AGORAS_STATE_DIR/state.sqlite3, else <storage dir>/state/state.sqlite3.
std::filesystem::path default_state_file();

// The process's state store, opened on first use: PostgreSQL when AGORAS_STATE_URL is set, else the
// SQLite file.
Store& process_state();

}  // namespace agoras::host::state
