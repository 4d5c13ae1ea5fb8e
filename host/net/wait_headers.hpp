// How long a server asks to be left alone, from its answer's headers: shared by the HTTP retry policy
// (net/http_service.cpp) and the state store's per-account backoff (services/state_service.cpp).
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace agoras::host::net {

// No wait a server asks for is honoured beyond this.
constexpr std::uint64_t kMaxRetryAfterMs = 120'000;

// Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110), capped at
// kMaxRetryAfterMs; nullopt when absent or unparsable.
std::optional<std::uint64_t> parse_retry_after(const std::string& value, std::time_t now);

// RateLimit-Reset / X-RateLimit-Reset as milliseconds from `now`: seconds from now, a Unix time, or
// an ISO 8601 UTC time; capped at kMaxRetryAfterMs; nullopt when absent or unparsable.
std::optional<std::uint64_t> parse_rate_limit_reset(const std::string& value, std::time_t now);

}  // namespace agoras::host::net
