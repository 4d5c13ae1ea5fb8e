#include "net/http_service.hpp"

#include "core/environment.hpp"

#include "clock.hpp"
#include "net/http_transport.hpp"
#include "net/url_policy.hpp"

#include <agoras/sdk/url.hpp>
#include "status_error.hpp"

#include <agoras/sdk/retry_rule.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <random>

namespace agoras::host::net {

std::uint64_t backoff_ms(int attempt, const HttpAnswer* answer) {
    if (answer != nullptr) {
        const std::time_t now = now_unix_ms() / 1000;
        if (const auto wait = parse_retry_after(answer->header("Retry-After"), now)) return *wait;
        for (const char* name : {"RateLimit-Reset", "X-RateLimit-Reset", "X-Rate-Limit-Reset"}) {
            if (const auto wait = parse_rate_limit_reset(answer->header(name), now)) return *wait;
        }
    }
    const std::uint64_t base = sdk::backoff_base_ms(static_cast<std::uint32_t>(attempt));
    thread_local std::mt19937_64 random{std::random_device{}()};
    return base + std::uniform_int_distribution<std::uint64_t>(0, base / 2)(random);
}

std::chrono::milliseconds default_timeout() {
    const auto text = core::env("AGORAS_HTTP_TIMEOUT");
    if (!text) return kDefaultTimeout;
    char* end = nullptr;
    const long seconds = std::strtol(text->c_str(), &end, 10);
    if (*end != '\0' || seconds < 1 || seconds > 3600) {
        throw usage_error("AGORAS_HTTP_TIMEOUT must be a number of seconds (1-3600), not '" + *text + "'");
    }
    return std::chrono::seconds(seconds);
}

namespace {

bool is_redirect(int status) { return status >= 300 && status < 400 && status != 304; }

// Follows a redirect of a GET within call.max_redirects, or refuses it naming where it pointed.
bool follow_redirect(HttpCall& hop, const HttpAnswer& answer, int& redirects_left, const std::string& endpoint) {
    if (!is_redirect(answer.status)) return false;
    // A 308 without a Location points nowhere: it is an answer (resumable uploads' "Resume Incomplete").
    if (answer.status == 308 && answer.redirect_url.empty()) return false;
    const std::string target = answer.redirect_url.empty() ? std::string("(no Location)")
                                                           : describe_endpoint(answer.redirect_url);
    if (hop.method != "GET" || hop.max_redirects == 0) {
        throw StatusError(AGORAS_ERR_REMOTE, endpoint + " answered HTTP " + std::to_string(answer.status) +
                                                 ", a redirect to " + target +
                                                 "; agoras never follows redirects of API requests");
    }
    if (answer.redirect_url.empty()) {
        throw StatusError(AGORAS_ERR_REMOTE, endpoint + " answered a redirect without a Location");
    }
    if (redirects_left-- == 0) {
        throw StatusError(AGORAS_ERR_REMOTE, endpoint + " redirected more than " + std::to_string(hop.max_redirects) +
                                                 " times");
    }
    try {
        require_allowed_url(answer.redirect_url);
    } catch (const StatusError& e) {
        throw StatusError(AGORAS_ERR_REMOTE, endpoint + " redirected to " + target + ": " + e.what());
    }
    // A server's redirect is content someone else wrote: it may lead to public https or back to the same
    // server, never from elsewhere to this machine or a private network.
    if (!sdk::may_fetch_from_content(answer.redirect_url, hop.url)) {
        throw StatusError(AGORAS_ERR_REMOTE, endpoint + " redirected to " + target +
                                                 ", which is not a public https:// address; not followed");
    }
    spdlog::debug("HTTP GET {} redirected to {}", endpoint, target);
    hop.url = answer.redirect_url;
    return true;
}

}  // namespace

HttpAnswer send_with_policy(const HttpCall& call, const Transport& transport) {
    // The log sink redacts secrets; the query string (where tokens travel) is never logged.
    const std::string endpoint = describe_endpoint(call.url);
    const int max_attempts = std::clamp(call.max_attempts, 1, kMaxAttemptsAllowed);
    HttpCall hop = call;
    if (hop.timeout.count() <= 0) hop.timeout = default_timeout();
    int redirects_left = call.max_redirects;
    for (int attempt = 1;; ++attempt) {
        spdlog::debug("HTTP {} {} (attempt {})", hop.method, describe_endpoint(hop.url), attempt);
        try {
            HttpAnswer answer = transport(hop);
            answer.attempts = attempt;
            spdlog::debug("HTTP {} {} -> {}", hop.method, describe_endpoint(hop.url), answer.status);
            if (follow_redirect(hop, answer, redirects_left, describe_endpoint(hop.url))) {
                --attempt;  // a hop is not a retry
                continue;
            }
            std::uint32_t plugin_wait_ms = 0;
            const Verdict verdict = call.classify ? call.classify(answer, plugin_wait_ms) : Verdict::host_default;
            const std::uint32_t raw_verdict = verdict == Verdict::retry   ? AGORAS_HTTP_RETRY
                                              : verdict == Verdict::final ? AGORAS_HTTP_FINAL
                                                                          : AGORAS_HTTP_DEFAULT;
            if (!sdk::should_retry(raw_verdict, answer.status, call.retry_safe) || attempt == max_attempts) return answer;
            const auto wait = plugin_wait_ms > 0 ? std::min<std::uint64_t>(plugin_wait_ms, kMaxRetryAfterMs)
                                                 : backoff_ms(attempt, &answer);
            spdlog::warn("{} answered HTTP {}{}; retrying in {} ms", endpoint, answer.status,
                         verdict == Verdict::retry ? " (throttled)" : "", wait);
            sleep_ms(wait);
        } catch (const TransportError& e) {
            if (!e.retryable() || !call.retry_safe || attempt == max_attempts) throw;
            const auto wait = backoff_ms(attempt, nullptr);
            spdlog::warn("{}; retrying in {} ms", e.what(), wait);
            sleep_ms(wait);
        }
    }
}

}  // namespace agoras::host::net
