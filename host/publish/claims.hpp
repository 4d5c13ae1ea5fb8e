// A run's claims on journal rows (state/journal.hpp): the state store decides, in one transaction,
// which of any number of concurrent runs publishes a (key, target); the winner's lease is renewed
// while its plugin works, so a run that waits can tell a live owner from a dead one. docs/post.md,
// "Never twice".
#pragma once

#include "state/journal.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace agoras::host::publish {

// The key of a run given none: journaled all the same, so that a failure can name the retry command.
std::string new_run_key();

// How long a claim lasts without renewal: AGORAS_CLAIM_LEASE, else two minutes times
// AGORAS_SLEEP_SCALE, at least a second.
std::int64_t lease_ms();

// The run's claims under one key, and the thread that renews them.
class Claims {
public:
    explicit Claims(std::string key);
    ~Claims();
    Claims(const Claims&) = delete;
    Claims& operator=(const Claims&) = delete;

    const std::string& key() const { return key_; }

    // Claims `target`; a won claim is renewed from then on until finish().
    state::Claim claim(const std::string& target);
    // Waits (bounded) while another run holds `target`, then claims it again: returns a won claim when
    // its owner died, else the row as its owner left it (or, after the bound, as it still is).
    state::Claim wait_for(const std::string& target, const state::Claim& lost);
    void checkpoint(const std::string& target, const std::string& json);
    // Records the outcome (published, failed or unknown) and stops renewing. False when it could
    // not be written (logged): the claim was taken over, or the store failed.
    bool finish(const std::string& target, const std::string& status, const std::string& id, const std::string& url,
                const std::string& error);
    // Whether an outcome could not be written because the store failed.
    bool store_failed() const { return store_failed_; }

private:
    void renew_loop();

    std::string key_, owner_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::string> held_;
    bool stopping_ = false;
    std::atomic<bool> store_failed_{false};
    std::int64_t wait_deadline_ms_ = 0;
    std::thread renewer_;
};

}  // namespace agoras::host::publish
