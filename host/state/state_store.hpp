// The non-secret state of agoras: what was published where, so that nothing is published twice
// across runs. One SQLite file with a schema_version, at $AGORAS_STATE_DIR/state.sqlite3 (default
// <storage dir>/state/state.sqlite3), kept apart from the vault so that CI can cache it.
//   journal: one row per (idempotency key, target) of `agoras post --to`: pending before sending,
//            then published or failed after, with the platform's id and url.
//            feed-publish keys its entries "feed:<url>#<item identity>", so the journal is its ledger of
//            what was published where, interrupted runs included.
//   feeds:   the last download of each feed (validators and body) for conditional GETs.
// (Files written before kept a "ledger" table, which nothing reads.)
// Writes are transactions under BEGIN IMMEDIATE, like the vault's, so parallel runs never lose one.
#pragma once

#include "state/journal.hpp"

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


class StateStore {
public:
    explicit StateStore(std::filesystem::path file);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    const std::filesystem::path& file() const { return file_; }

    std::optional<JournalEntry> journal_get(const std::string& key, const std::string& target);
    void journal_put(const JournalEntry& entry);

    std::optional<FeedCache> feed_cache_get(const std::string& url);
    void feed_cache_put(const FeedCache& entry);

private:
    SQLite::Database& database();

    std::filesystem::path file_;
    std::mutex mutex_;
    std::unique_ptr<SQLite::Database> db_;
};

// $AGORAS_STATE_DIR/state.sqlite3, else <storage dir>/state/state.sqlite3.
std::filesystem::path default_state_file();

// The process's state store, opened on first use.
StateStore& process_state();

}  // namespace agoras::host::state
