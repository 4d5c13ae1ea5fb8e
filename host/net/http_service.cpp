#include "net/http_service.hpp"

#include "clock.hpp"
#include "net/url_policy.hpp"
#include "status_error.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

namespace agoras::host::net {

std::string HttpAnswer::header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (std::equal(key.begin(), key.end(), name.begin(), name.end(),
                       [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
            return value;
        }
    }
    return "";
}

std::uint64_t backoff_ms(int attempt, const HttpAnswer* answer) {
    if (answer != nullptr) {
        const std::string retry_after = answer->header("Retry-After");
        if (!retry_after.empty() && std::all_of(retry_after.begin(), retry_after.end(), ::isdigit)) {
            return std::min<std::uint64_t>(std::stoull(retry_after), 120) * 1000;
        }
    }
    const std::uint64_t base = 500ULL << std::min(attempt - 1, 8);
    static std::mt19937_64 random{std::random_device{}()};
    return base + std::uniform_int_distribution<std::uint64_t>(0, base / 2)(random);
}

HttpAnswer send_with_policy(const HttpCall& call, const Transport& transport) {
    // The log sink redacts secrets; the query string (where tokens travel) is never logged.
    const std::string endpoint = describe_endpoint(call.url);
    for (int attempt = 1;; ++attempt) {
        spdlog::debug("HTTP {} {} (attempt {})", call.method, endpoint, attempt);
        try {
            HttpAnswer answer = transport(call);
            spdlog::debug("HTTP {} {} -> {}", call.method, endpoint, answer.status);
            const bool throttled = answer.status == 429;
            const bool transient = call.retry_safe && answer.status >= 500;
            if ((!throttled && !transient) || attempt == kMaxAttempts) return answer;
            const auto wait = backoff_ms(attempt, &answer);
            spdlog::warn("{} answered HTTP {}; retrying in {} ms", endpoint, answer.status, wait);
            sleep_ms(wait);
        } catch (const StatusError& e) {
            if (e.status() != AGORAS_ERR_NETWORK || !call.retry_safe || attempt == kMaxAttempts) throw;
            const auto wait = backoff_ms(attempt, nullptr);
            spdlog::warn("{}; retrying in {} ms", e.what(), wait);
            sleep_ms(wait);
        }
    }
}

}  // namespace agoras::host::net
