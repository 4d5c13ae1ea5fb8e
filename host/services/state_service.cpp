// StateApi over the process's state store.
#include "services/state_api.hpp"

#include "clock.hpp"
#include "net/wait_headers.hpp"
#include "state/state_store.hpp"

#include <ctime>

namespace agoras::host::services {
namespace {

using state::process_state;

class StateService final : public StateApi {
public:
    Outcome journal_get(const std::string& key, const std::string& target,
                        std::optional<state::JournalEntry>& out) override {
        return guarded([&] { out = process_state().journal_get(key, target); });
    }
    Outcome journal_published(const std::vector<std::string>& keys, const std::vector<std::string>& targets,
                              std::set<std::string>& out) override {
        return guarded([&] { out = process_state().journal_published(keys, targets); });
    }
    Outcome journal_list(const std::string& key, const std::vector<std::string>& statuses,
                         std::vector<state::JournalEntry>& out) override {
        return guarded([&] { out = process_state().journal_list(key, statuses); });
    }
    Outcome bind_key(const std::string& key, const std::string& fingerprint,
                     std::optional<std::int64_t>& first_used) override {
        return guarded([&] { first_used = process_state().bind_key(key, fingerprint); });
    }
    Outcome claim(const std::string& key, const std::string& target, const std::string& owner, std::int64_t lease_ms,
                  state::Claim& out) override {
        return guarded([&] { out = process_state().claim(key, target, owner, lease_ms); });
    }
    Outcome renew(const std::string& key, const std::string& target, const std::string& owner, std::int64_t lease_ms,
                  bool& held) override {
        return guarded([&] { held = process_state().renew(key, target, owner, lease_ms); });
    }
    Outcome checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                       const std::string& checkpoint) override {
        return guarded([&] { process_state().checkpoint(key, target, owner, checkpoint); });
    }
    Outcome finish(const state::JournalEntry& outcome, const std::string& owner, bool& written) override {
        return guarded([&] { written = process_state().finish(outcome, owner); });
    }
    Outcome resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                    const std::string& url) override {
        return guarded([&] { process_state().resolve(key, target, published, id, url); });
    }
    Outcome backoff_note(const std::string& platform, const std::string& account, const std::string& retry_after,
                         const std::string& rate_limit_reset) override {
        return guarded([&] {
            const std::int64_t now_ms = now_unix_ms();
            const auto now = static_cast<std::time_t>(now_ms / 1000);
            auto wait = net::parse_retry_after(retry_after, now);
            if (!wait) wait = net::parse_rate_limit_reset(rate_limit_reset, now);
            if (wait && *wait > 0) process_state().backoff_put(platform, account, now_ms + static_cast<std::int64_t>(*wait));
        });
    }
    Outcome backoff_until(const std::string& platform, const std::string& account, std::int64_t& until_ms) override {
        return guarded([&] { until_ms = process_state().backoff_get(platform, account); });
    }
    Outcome feed_cache_get(const std::string& url, std::optional<state::FeedCache>& out) override {
        return guarded([&] { out = process_state().feed_cache_get(url); });
    }
    Outcome feed_cache_put(const state::FeedCache& entry) override {
        return guarded([&] { process_state().feed_cache_put(entry); });
    }
};

}  // namespace

StateApi& state_service() {
    static StateService service;
    return service;
}

}  // namespace agoras::host::services
