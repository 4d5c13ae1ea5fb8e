// The state store in PostgreSQL (AGORAS_STATE_URL), shared by every machine that names the database:
// the tables of the SQLite store (state/state_store.hpp) prefixed agoras_, a schema version, claims
// decided under a row lock (SELECT ... FOR UPDATE), times from the server's clock.
#pragma once

#include "postgres/pg_connection.hpp"
#include "state/store.hpp"

namespace agoras::host::postgres {

class PgStateStore final : public state::Store {
public:
    explicit PgStateStore(const std::string& url);

    std::optional<state::JournalEntry> journal_get(const std::string& key, const std::string& target) override;
    std::vector<state::JournalEntry> journal_list(const std::string& key, const std::vector<std::string>& statuses) override;
    std::set<std::string> journal_published(const std::vector<std::string>& keys, const std::vector<std::string>& targets) override;
    std::optional<std::int64_t> bind_key(const std::string& key, const std::string& fingerprint) override;
    state::Claim claim(const std::string& key, const std::string& target, const std::string& owner,
                       std::int64_t lease_ms) override;
    bool renew(const std::string& key, const std::string& target, const std::string& owner, std::int64_t lease_ms) override;
    void checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                    const std::string& checkpoint) override;
    bool finish(const state::JournalEntry& outcome, const std::string& owner) override;
    void resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                 const std::string& url) override;
    std::int64_t backoff_get(const std::string& platform, const std::string& account) override;
    void backoff_put(const std::string& platform, const std::string& account, std::int64_t until_ms) override;
    std::optional<state::FeedCache> feed_cache_get(const std::string& url) override;
    void feed_cache_put(const state::FeedCache& entry) override;

private:
    std::optional<state::JournalEntry> locked_row(const std::string& key, const std::string& target);

    Connection db_;
};

}  // namespace agoras::host::postgres
