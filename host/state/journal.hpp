// The records of the state store (state_store.hpp), as plain data the host core can use too.
#pragma once

#include <cstdint>
#include <string>

namespace agoras::host::state {

// One target of one `agoras post --to --idempotency-key` run.
struct JournalEntry {
    std::string key, target;
    std::string status;  // "pending" (being sent), "published", "failed"
    std::string remote_id, url, error;
    std::int64_t updated_at = 0;
    std::string checkpoint = "{}";  // the plugin's last record of how far a pending publish got (JSON)
};

// The last download of a feed, for a conditional GET (ETag, Last-Modified) and its body for a 304.
struct FeedCache {
    std::string url, etag, last_modified, body;
    std::int64_t fetched_at = 0;
};

}  // namespace agoras::host::state
