#include "net/wait_headers.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace agoras::host::net {

namespace {

std::string trimmed(const std::string& value) {
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return value.substr(first, value.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::optional<std::uint64_t> parse_retry_after(const std::string& value, std::time_t now) {
    const std::string text = trimmed(value);
    if (text.empty()) return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        // More digits than a cap's worth of seconds needs: the cap, without ever overflowing.
        if (text.size() > 6) return kMaxRetryAfterMs;
        return std::min<std::uint64_t>(std::stoull(text) * 1000, kMaxRetryAfterMs);
    }
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    const std::time_t at = timegm(&tm);
    if (at <= now) return 0;
    return std::min<std::uint64_t>(static_cast<std::uint64_t>(at - now) * 1000, kMaxRetryAfterMs);
}

std::optional<std::uint64_t> parse_rate_limit_reset(const std::string& value, std::time_t now) {
    const std::string text = trimmed(value);
    if (text.empty()) return std::nullopt;
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        if (text.size() > 12) return kMaxRetryAfterMs;
        const auto number = static_cast<std::int64_t>(std::stoll(text));
        // A Unix time (Bluesky's ratelimit-reset), or seconds from now (the IETF RateLimit-Reset).
        const std::int64_t seconds = number >= 1'000'000'000 ? number - static_cast<std::int64_t>(now) : number;
        if (seconds <= 0) return 0;
        return std::min<std::uint64_t>(static_cast<std::uint64_t>(seconds) * 1000, kMaxRetryAfterMs);
    }
    // An ISO 8601 time in UTC (Mastodon's X-RateLimit-Reset: 2026-12-01T23:00:00.123Z).
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (end == nullptr) return std::nullopt;
    if (*end == '.') {
        ++end;
        while (std::isdigit(static_cast<unsigned char>(*end))) ++end;
    }
    if (std::string(end) != "Z" && std::string(end) != "+00:00") return std::nullopt;
    const std::time_t at = timegm(&tm);
    if (at <= now) return 0;
    return std::min<std::uint64_t>(static_cast<std::uint64_t>(at - now) * 1000, kMaxRetryAfterMs);
}

}  // namespace agoras::host::net
