// The state store (SQLite), in libagoras-services.so (state/state_store.hpp): the publish journal and
// the feed caches. Each call mirrors the StateStore method of the same name.
#pragma once

#include "services/outcome.hpp"
#include "state/journal.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agoras::host::services {

class StateApi {
public:
    static constexpr const char* kId = "state/2";
    virtual ~StateApi() = default;

    virtual Outcome journal_get(const std::string& key, const std::string& target,
                                std::optional<state::JournalEntry>& out) = 0;
    virtual Outcome journal_published(const std::vector<std::string>& keys, const std::vector<std::string>& targets,
                                      std::set<std::string>& out) = 0;
    virtual Outcome journal_list(const std::string& key, const std::vector<std::string>& statuses,
                                 std::vector<state::JournalEntry>& out) = 0;
    virtual Outcome bind_key(const std::string& key, const std::string& fingerprint,
                             std::optional<std::int64_t>& first_used) = 0;
    virtual Outcome claim(const std::string& key, const std::string& target, const std::string& owner,
                          std::int64_t lease_ms, state::Claim& out) = 0;
    virtual Outcome renew(const std::string& key, const std::string& target, const std::string& owner,
                          std::int64_t lease_ms, bool& held) = 0;
    virtual Outcome checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                               const std::string& checkpoint) = 0;
    virtual Outcome finish(const state::JournalEntry& outcome, const std::string& owner, bool& written) = 0;
    virtual Outcome resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                            const std::string& url) = 0;
    // A platform answered 429 for `account` ("" for the default) with these Retry-After and
    // RateLimit-Reset headers: every run sharing the store waits that long before it sends there again
    // (nothing is recorded when neither says how long).
    virtual Outcome backoff_note(const std::string& platform, const std::string& account, const std::string& retry_after,
                                 const std::string& rate_limit_reset) = 0;
    // Until when (Unix ms) that lasts; 0 when it does not.
    virtual Outcome backoff_until(const std::string& platform, const std::string& account, std::int64_t& until_ms) = 0;
    virtual Outcome feed_cache_get(const std::string& url, std::optional<state::FeedCache>& out) = 0;
    virtual Outcome feed_cache_put(const state::FeedCache& entry) = 0;
};

}  // namespace agoras::host::services
