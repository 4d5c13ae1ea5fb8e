#include "publish/claims.hpp"

#include "clock.hpp"
#include "core/environment.hpp"
#include "services/backend_loader.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace agoras::host::publish {
namespace {

constexpr std::int64_t kLeaseMs = 120'000, kMinLeaseMs = 1'000;
// How long a run waits for another that holds a target (its owner renews while it works: a video
// upload can take minutes). Scaled like the lease.
constexpr std::uint64_t kMaxWaitMs = 15 * 60'000;

std::string random_hex(int digits) {
    std::random_device random;
    std::uniform_int_distribution<unsigned> hex(0, 15);
    std::string text;
    for (int i = 0; i < digits; ++i) text += "0123456789abcdef"[hex(random)];
    return text;
}

// Who holds a claim, for `agoras journal` and the logs: host, process, and a random part.
std::string new_owner() {
    char host[64] = {};
    gethostname(host, sizeof host - 1);
    return std::string(host) + ":" + std::to_string(getpid()) + ":" + random_hex(12);
}

std::int64_t steady_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string new_run_key() { return "run-" + random_hex(16); }

std::int64_t lease_ms() {
    static const std::int64_t lease = [] {
        if (const auto seconds = core::claim_lease_seconds()) return static_cast<std::int64_t>(*seconds) * 1000;
        return std::max<std::int64_t>(static_cast<std::int64_t>(scaled_ms(kLeaseMs)), kMinLeaseMs);
    }();
    return lease;
}

Claims::Claims(std::string key) : key_(std::move(key)), owner_(new_owner()), renewer_([this] { renew_loop(); }) {}

Claims::~Claims() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    renewer_.join();
}

state::Claim Claims::claim(const std::string& target) {
    state::Claim claim;
    services::check(services::state().claim(key_, target, owner_, lease_ms(), claim));
    if (claim.won) {
        const std::lock_guard<std::mutex> lock(mutex_);
        held_.push_back(target);
    }
    return claim;
}

state::Claim Claims::wait_for(const std::string& target, const state::Claim& lost) {
    const std::int64_t interval = std::clamp<std::int64_t>(lease_ms() / 8, 50, 2'000);
    // One deadline for all of the run's waits, which happen one after another.
    if (wait_deadline_ms_ == 0) {
        wait_deadline_ms_ =
            steady_ms() + std::max<std::int64_t>(3 * lease_ms(), static_cast<std::int64_t>(scaled_ms(kMaxWaitMs)));
    }
    const std::int64_t deadline = wait_deadline_ms_;
    spdlog::info("{}: another run ({}) is publishing under key '{}'; waiting for it", target, lost.entry.owner, key_);
    state::Claim current = lost;
    while (!current.won && current.entry.status == "pending" && steady_ms() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(interval));
        // Its owner's outcome, failed or unknown included, is this run's too: not retried side by side.
        std::optional<state::JournalEntry> row;
        services::check(services::state().journal_get(key_, target, row));
        if (row && row->status != "pending") {
            current.entry = *row;
            break;
        }
        current = claim(target);  // won only once the owner's lease ran out: it died
    }
    return current;
}

void Claims::checkpoint(const std::string& target, const std::string& json) {
    services::check(services::state().checkpoint(key_, target, owner_, json));
}

bool Claims::finish(const std::string& target, const std::string& status, const std::string& id,
                    const std::string& url, const std::string& error) {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        held_.erase(std::remove(held_.begin(), held_.end(), target), held_.end());
    }
    bool written = false;
    const services::Outcome outcome =
        services::state().finish({key_, target, status, id, url, error, 0, "{}", owner_, 0}, owner_, written);
    if (!outcome.ok()) {
        spdlog::error("{}: {}, but the journal could not record it: {}", target, status, outcome.message);
        store_failed_ = true;
        return false;
    }
    if (!written) {
        spdlog::warn("{}: {}, but another run had taken over this target under key '{}' (this run stalled "
                     "longer than its lease)",
                     target, status, key_);
    }
    return written;
}

void Claims::renew_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(lease_ms() / 3), [this] { return stopping_; })) {
        const std::vector<std::string> targets = held_;
        lock.unlock();
        for (const auto& target : targets) {
            bool held = false;
            const services::Outcome outcome = services::state().renew(key_, target, owner_, lease_ms(), held);
            if (!outcome.ok()) spdlog::warn("{}: could not renew the claim under key '{}': {}", target, key_, outcome.message);
            const std::lock_guard<std::mutex> relock(mutex_);
            if (outcome.ok() && !held && std::find(held_.begin(), held_.end(), target) != held_.end()) {
                spdlog::warn("{}: another run took over the claim under key '{}'", target, key_);
            }
        }
        lock.lock();
    }
}

}  // namespace agoras::host::publish
