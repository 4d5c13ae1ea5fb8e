// The retry rule of agoras.http/2 (ext/http.h), in one place: the host's HTTP service follows it, and
// so does the fake host of agoras/testing.hpp, so that a plugin's unit tests see the retries the real
// host would make. Header-only, standard library only.
#ifndef AGORAS_SDK_RETRY_RULE_HPP
#define AGORAS_SDK_RETRY_RULE_HPP

#include <agoras/ext/http.h>

#include <algorithm>
#include <cstdint>

namespace agoras::sdk {

// How many attempts a request asking for `max_attempts` gets (0: the default; clamped to the most).
inline std::uint32_t allowed_attempts(std::uint32_t max_attempts) {
    return max_attempts == 0 ? AGORAS_HTTP_DEFAULT_ATTEMPTS : std::min<std::uint32_t>(max_attempts, AGORAS_HTTP_MAX_ATTEMPTS);
}

// Whether an answer is sent again: the plugin's classifier decides first (`verdict`, an
// agoras_http_verdict); by default a 429 always is, and a 5xx when sending twice cannot do anything
// twice (`retry_safe`). The last attempt's answer is returned whatever it is.
inline bool should_retry(std::uint32_t verdict, int status, bool retry_safe) {
    if (verdict != AGORAS_HTTP_DEFAULT) return verdict == AGORAS_HTTP_RETRY;
    return status == 429 || (retry_safe && status >= 500);
}

// The wait before the next attempt when neither the server (Retry-After, RateLimit-Reset) nor the
// classifier names one: 500 ms doubling per attempt (the host adds up to half again as jitter).
inline std::uint64_t backoff_base_ms(std::uint32_t attempt) {
    return 500ULL << std::min<std::uint32_t>(attempt > 0 ? attempt - 1 : 0, 8);
}

}  // namespace agoras::sdk

#endif  // AGORAS_SDK_RETRY_RULE_HPP
