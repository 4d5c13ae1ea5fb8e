#include "state/store.hpp"

namespace agoras::host::state {

Claim decide_claim(const std::optional<JournalEntry>& row, const std::string& key, const std::string& target,
                   const std::string& owner, std::int64_t now_ms, std::int64_t lease_ms, std::int64_t now_s) {
    Claim claim;
    claim.now_ms = now_ms;
    const bool held = row && (row->status == "published" || (row->status == "pending" && row->lease_until_ms > now_ms));
    if (held) {
        claim.entry = *row;
        return claim;
    }
    claim.won = true;
    claim.previous = row ? row->status : "";
    // The checkpoint of an abandoned claim stays: the new owner reconciles with it first.
    claim.entry = row.value_or(JournalEntry{key, target, "", "", "", "", 0, "{}", "", 0});
    claim.entry.status = "pending";
    claim.entry.error.clear();
    claim.entry.owner = owner;
    claim.entry.lease_until_ms = now_ms + lease_ms;
    claim.entry.updated_at = now_s;
    return claim;
}

std::string resolve_refusal(const std::string& key, const std::string& target, const std::string& status, bool live) {
    if (status.empty()) return "the journal has no target '" + target + "' under key '" + key + "'";
    if (status == "published") return target + " under key '" + key + "' is published; that never changes";
    if (live) return "a run is publishing to " + target + " under key '" + key + "' right now; wait for it";
    return "";
}

}  // namespace agoras::host::state
