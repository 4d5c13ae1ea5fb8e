// Sends a plugin's HTTP request with the host's policy: allowed URLs only, bounded retries with
// exponential backoff and jitter (HTTP 429 always, honouring Retry-After; network failures and 5xx
// only for retry-safe requests), and debug logging with secrets redacted.
#pragma once

#include "net/http_types.hpp"

#include <functional>

namespace agoras::host::net {

using Transport = std::function<HttpAnswer(const HttpCall&)>;

constexpr int kMaxAttempts = 4;

// `transport` is send_once in production; tests pass a fake. Throws StatusError(AGORAS_ERR_NETWORK)
// when the last attempt got no answer.
HttpAnswer send_with_policy(const HttpCall& call, const Transport& transport);

// Milliseconds to wait before retry number `attempt` (1-based): 500 ms doubling, plus up to 50 % jitter,
// or Retry-After (seconds, capped at 120 s) when the answer carries one.
std::uint64_t backoff_ms(int attempt, const HttpAnswer* answer);

}  // namespace agoras::host::net
