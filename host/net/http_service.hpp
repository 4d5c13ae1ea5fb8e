// Sends a plugin's HTTP request with the host's policy, the one retry policy of agoras: allowed URLs
// only; no redirects for API requests (a bounded number, each hop checked, for media downloads); at
// most call.max_attempts sends (4 by default, 8 at most), repeating HTTP 429 always, network failures
// and 5xx only for retry-safe requests, and whatever the plugin's classifier calls retryable; waits
// from Retry-After, RateLimit-Reset or X-RateLimit-Reset (capped at 120 s), else exponential backoff
// with jitter; debug logging with secrets redacted.
#pragma once

#include "net/http_types.hpp"
#include "net/wait_headers.hpp"

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>

namespace agoras::host::net {

using Transport = std::function<HttpAnswer(const HttpCall&)>;

constexpr int kMaxAttempts = kDefaultAttempts;

// `transport` is send_once in production; tests pass a fake. Throws StatusError(AGORAS_ERR_NETWORK)
// when the last attempt got no answer, StatusError(AGORAS_ERR_REMOTE) for a redirect it will not follow.
HttpAnswer send_with_policy(const HttpCall& call, const Transport& transport);

// Milliseconds to wait before retry number `attempt` (1-based): 500 ms doubling, plus up to 50 % jitter,
// or Retry-After (capped at kMaxRetryAfterMs) when the answer carries one.
std::uint64_t backoff_ms(int attempt, const HttpAnswer* answer);

// The default per-request deadline: AGORAS_HTTP_TIMEOUT seconds (1-3600), else 30 s.
std::chrono::milliseconds default_timeout();

}  // namespace agoras::host::net
