// Waiting for a remote job to finish (a video being processed, a container being readied) on the
// host's clock, so that tests and the sandbox control time. Header-only, standard library only.
#ifndef AGORAS_SDK_POLL_HPP
#define AGORAS_SDK_POLL_HPP

#include <agoras/sdk/host.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

namespace agoras::sdk {

// Waits growing from `first_ms` by `growth` up to `max_ms` each, for at most `deadline_ms` in all.
struct PollPlan {
    std::uint32_t first_ms, max_ms;
    double growth;
    std::uint32_t deadline_ms;
};

// Calls `done()` until it returns true, showing `progress(waited_ms)` and sleeping between calls.
// Returns false when the deadline passed first (the caller says what that means to the user). `done`
// throws to stop early (a job that failed).
template <typename Done, typename Progress>
bool poll_until(const Host& host, const PollPlan& plan, Done&& done, Progress&& progress) {
    std::uint64_t waited = 0;
    double interval = plan.first_ms;
    for (;;) {
        if (done()) return true;
        if (waited >= plan.deadline_ms) return false;
        host.progress(progress(waited));
        const auto step = static_cast<std::uint32_t>(std::min<double>(interval, plan.max_ms));
        host.sleep_ms(step);
        waited += step;
        interval *= plan.growth;
    }
}

}  // namespace agoras::sdk

#endif  // AGORAS_SDK_POLL_HPP
