// A Unix time written in UTC with a strftime format: the dates in messages ("expires on 2027-02-04") and
// the RFC 3339 times APIs take. Header-only.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace agoras::text {

inline std::string utc_time(std::int64_t unix_seconds, const char* format = "%Y-%m-%dT%H:%M:%SZ") {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char out[64];
    return std::string(out, std::strftime(out, sizeof out, format, &tm));
}

}  // namespace agoras::text
