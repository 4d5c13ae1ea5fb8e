// What a state store does, whichever database holds it: SQLite on one machine (state_store.hpp, the
// default) or PostgreSQL shared by several (postgres/pg_state_store.hpp, with AGORAS_STATE_URL). Both
// keep the same tables and make the same promises; each call is safe from several threads.
#pragma once

#include "state/journal.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agoras::host::state {

inline std::int64_t now_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

class Store {
public:
    virtual ~Store() = default;

    virtual std::optional<JournalEntry> journal_get(const std::string& key, const std::string& target) = 0;
    // Every row of `key` (all keys when empty) whose status is in `statuses` (all when empty), newest first.
    virtual std::vector<JournalEntry> journal_list(const std::string& key, const std::vector<std::string>& statuses) = 0;
    // Those of `keys` published for every one of `targets`, in one query (a feed's items, a batch at a time).
    virtual std::set<std::string> journal_published(const std::vector<std::string>& keys,
                                                    const std::vector<std::string>& targets) = 0;

    // Records `fingerprint` for `key` the first time; afterwards, when the key was used for another
    // fingerprint, returns when that first use was (Unix seconds).
    virtual std::optional<std::int64_t> bind_key(const std::string& key, const std::string& fingerprint) = 0;
    // Makes `owner` the owner of (key, target) for `lease_ms`, unless the row is published or another
    // owner's lease is still running. Exactly one of any number of concurrent callers wins.
    virtual Claim claim(const std::string& key, const std::string& target, const std::string& owner,
                        std::int64_t lease_ms) = 0;
    // Extends the lease; false when `owner` no longer holds the claim.
    virtual bool renew(const std::string& key, const std::string& target, const std::string& owner,
                       std::int64_t lease_ms) = 0;
    // The plugin's record of how far it got, on the owner's pending row.
    virtual void checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                            const std::string& checkpoint) = 0;
    // Writes the outcome (published, failed or unknown) of `owner`'s claim. A published outcome is
    // written whoever holds the row (it happened), unless the row is published already; the others
    // only while `owner` still holds it. False when nothing was written.
    virtual bool finish(const JournalEntry& outcome, const std::string& owner) = 0;
    // Settles a failed, unknown or abandoned target by hand: published (with the post's id and url)
    // or not (a rerun sends it again). Throws a usage error for a published or live row.
    virtual void resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                         const std::string& url) = 0;

    // Until when (Unix ms) a platform asked an account to slow down (429), for every run that shares
    // the store; 0 when it did not. A later put never shortens it.
    virtual std::int64_t backoff_get(const std::string& platform, const std::string& account) = 0;
    virtual void backoff_put(const std::string& platform, const std::string& account, std::int64_t until_ms) = 0;

    virtual std::optional<FeedCache> feed_cache_get(const std::string& url) = 0;
    virtual void feed_cache_put(const FeedCache& entry) = 0;
};

// What a claim decides, given the row as it is (or none) and the database's clock: the same rule for
// every database. Returns the claim; `won` tells the caller to write the pending row.
Claim decide_claim(const std::optional<JournalEntry>& row, const std::string& key, const std::string& target,
                   const std::string& owner, std::int64_t now_ms, std::int64_t lease_ms, std::int64_t now_s);

// Why a target cannot be settled by hand ("" when it can).
std::string resolve_refusal(const std::string& key, const std::string& target, const std::string& status,
                            bool live);

}  // namespace agoras::host::state
