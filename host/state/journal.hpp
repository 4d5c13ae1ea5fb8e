// The records of the state store (state_store.hpp), as plain data the host core can use too.
#pragma once

#include <cstdint>
#include <string>

namespace agoras::host::state {

// One target of one journaled publish (a key: `post --to --idempotency-key`, a feed item, a schedule
// row). Its status moves pending → published | failed | unknown; published never goes back.
struct JournalEntry {
    std::string key, target;
    // "pending" (claimed: its owner is publishing until lease_until_ms, renewed while it works),
    // "published", "failed" (the platform refused; a rerun sends again), "unknown" (the answer never
    // came: a rerun sends again only after the plugin has reconciled it).
    std::string status;
    std::string remote_id, url, error;
    std::int64_t updated_at = 0;    // Unix seconds
    std::string checkpoint = "{}";  // the plugin's last record of how far a pending publish got (JSON)
    std::string owner;              // the run that holds a pending claim
    std::int64_t lease_until_ms = 0;
};

// What claiming a target returned. Won: this run owns the pending row and may publish, after
// reconciling first when `previous` is "pending" (its owner died) or "unknown". Lost: `entry` is the
// row someone else holds or finished.
struct Claim {
    bool won = false;
    std::string previous;  // won: the row's status before ("" when there was none)
    JournalEntry entry;
    std::int64_t now_ms = 0;  // the database's clock, which every runner shares
};

// The last download of a feed, for a conditional GET (ETag, Last-Modified) and its body for a 304.
struct FeedCache {
    std::string url, etag, last_modified, body;
    std::int64_t fetched_at = 0;
};

}  // namespace agoras::host::state
