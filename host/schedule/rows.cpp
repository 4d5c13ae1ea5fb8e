#include "schedule/rows.hpp"

#include <cstdio>
#include <ctime>

namespace agoras::host::schedule {

std::string cell(const Row& row, std::size_t column) {
    if (column >= row.size()) return "";
    std::string v = row[column];
    const auto first = v.find_first_not_of(" \t");
    return first == std::string::npos ? "" : v.substr(first, v.find_last_not_of(" \t") - first + 1);
}

std::optional<std::int64_t> due_time(const Row& row) {
    const std::string date = cell(row, kDate), hour_text = cell(row, kHour);
    int a = 0, b = 0, c = 0, used = 0;
    if (std::sscanf(date.c_str(), "%d-%d-%d%n", &a, &b, &c, &used) != 3 || used != static_cast<int>(date.size())) return std::nullopt;
    int year = 0, month = 0, day = 0;
    if (date.size() >= 4 && date[4] == '-') {
        year = a, month = b, day = c;  // YYYY-MM-DD
    } else {
        day = a, month = b, year = c;  // DD-MM-YYYY: the day always comes first, whatever its value
    }
    if (hour_text.empty() || hour_text.size() > 2 || hour_text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int hour = std::stoi(hour_text);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    if (t == -1 || tm.tm_mday != day) return std::nullopt;  // 31-02 and the like
    return static_cast<std::int64_t>(t);
}

// FNV-1a, twice with different bases. No cryptography is needed: nobody gains from a collision but the
// schedule's own author.
sdk::Post post_of(const Row& row) {
    sdk::Post post;
    post.text = cell(row, kText);
    if (const std::string link = cell(row, kLink); !link.empty()) post.link = link;
    for (std::size_t c = kFirstImage; c <= kLastImage; ++c) {
        if (const std::string image = cell(row, c); !image.empty()) post.media.push_back({AGORAS_MEDIA_IMAGE, image, "", ""});
    }
    return post;
}

}  // namespace agoras::host::schedule
