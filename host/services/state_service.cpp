// StateApi over the process's state store.
#include "services/state_api.hpp"

#include "state/state_store.hpp"

namespace agoras::host::services {
namespace {

class StateService final : public StateApi {
public:
    Outcome journal_get(const std::string& key, const std::string& target,
                        std::optional<state::JournalEntry>& out) override {
        return guarded([&] { out = state::process_state().journal_get(key, target); });
    }
    Outcome journal_put(const state::JournalEntry& entry) override {
        return guarded([&] { state::process_state().journal_put(entry); });
    }
    Outcome feed_cache_get(const std::string& url, std::optional<state::FeedCache>& out) override {
        return guarded([&] { out = state::process_state().feed_cache_get(url); });
    }
    Outcome feed_cache_put(const state::FeedCache& entry) override {
        return guarded([&] { state::process_state().feed_cache_put(entry); });
    }
};

}  // namespace

StateApi& state_service() {
    static StateService service;
    return service;
}

}  // namespace agoras::host::services
