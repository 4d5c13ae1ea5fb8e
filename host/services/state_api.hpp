// The state store (SQLite), in libagoras-services.so (state/state_store.hpp): the publish journal and
// the feed caches.
#pragma once

#include "services/outcome.hpp"
#include "state/journal.hpp"

#include <optional>
#include <string>

namespace agoras::host::services {

class StateApi {
public:
    static constexpr const char* kId = "state/1";
    virtual ~StateApi() = default;

    virtual Outcome journal_get(const std::string& key, const std::string& target,
                                std::optional<state::JournalEntry>& out) = 0;
    virtual Outcome journal_put(const state::JournalEntry& entry) = 0;
    virtual Outcome feed_cache_get(const std::string& url, std::optional<state::FeedCache>& out) = 0;
    virtual Outcome feed_cache_put(const state::FeedCache& entry) = 0;
};

}  // namespace agoras::host::services
