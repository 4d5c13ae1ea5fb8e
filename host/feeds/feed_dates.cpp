#include "feeds/feed.hpp"

#include <cctype>
#include <cstring>
#include <ctime>

namespace agoras::host::feeds {
namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// A feed's dates are after 1970 and before 10000; anything else (a negative field, a year 1) is not a
// date agoras can compare, so the item has none.
std::optional<std::int64_t> to_unix(int year, int month, int day, int hour, int minute, int second, int offset_minutes) {
    if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 60) {
        return std::nullopt;
    }
    const std::int64_t t = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                           std::int64_t{hour} * 3600 + minute * 60 + second - std::int64_t{offset_minutes} * 60;
    if (t < 0) return std::nullopt;
    return t;
}

// "+0200", "-05:00", "GMT", "EST", ... as minutes east of UTC.
std::optional<int> zone_offset(std::string zone) {
    if (zone.empty()) return std::nullopt;
    if (zone[0] == '+' || zone[0] == '-') {
        std::string digits;
        for (char c : zone.substr(1)) {
            if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        }
        if (digits.size() != 4) return std::nullopt;
        const int hours = std::stoi(digits.substr(0, 2)), part = std::stoi(digits.substr(2));
        if (hours > 23 || part > 59) return std::nullopt;
        const int minutes = hours * 60 + part;
        return zone[0] == '-' ? -minutes : minutes;
    }
    for (auto& c : zone) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const struct { const char* name; int hours; } named[] = {
        {"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
        {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    for (const auto& n : named) {
        if (zone == n.name) return n.hours * 60;
    }
    return std::nullopt;  // military zones are ambiguous (RFC 1123 got their signs wrong): refused
}

std::optional<std::int64_t> rfc822(const std::string& text) {
    // [Wkd,] DD Mon YYYY HH:MM[:SS] ZONE
    std::string s = text;
    if (const auto comma = s.find(','); comma != std::string::npos) s = s.substr(comma + 1);
    char month_name[4] = {0}, zone[16] = {0};
    int day = 0, year = 0, hour = 0, minute = 0, second = 0, year_start = 0, year_end = 0;
    int n = std::sscanf(s.c_str(), " %d %3s %n%d%n %d:%d:%d %15s", &day, month_name, &year_start, &year, &year_end, &hour,
                        &minute, &second, zone);
    if (n < 7) {
        second = 0;
        n = std::sscanf(s.c_str(), " %d %3s %n%d%n %d:%d %15s", &day, month_name, &year_start, &year, &year_end, &hour,
                        &minute, zone);
        if (n < 6) return std::nullopt;
    }
    static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    int month = 0;
    for (int i = 0; i < 12; ++i) {
        if (strncasecmp(month_name, months[i], 3) == 0) month = i + 1;
    }
    if (month == 0) return std::nullopt;
    // Two-digit years as RFC 2822 reads them; "0001" is the year 1, not 2001.
    if (year_end - year_start == 2) year += year < 50 ? 2000 : 1900;
    const auto offset = zone_offset(zone);
    if (!offset) return std::nullopt;
    return to_unix(year, month, day, hour, minute, second, *offset);
}

std::optional<std::int64_t> rfc3339(const std::string& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, used = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &used) != 3 || used != 10) return std::nullopt;
    std::string rest = text.substr(10);
    if (rest.empty()) return to_unix(year, month, day, 0, 0, 0, 0);  // a date alone (dc:date allows it): midnight UTC
    if (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ') return std::nullopt;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d:%2d%n", &hour, &minute, &second, &used) != 3) return std::nullopt;
    rest = rest.substr(1 + static_cast<std::size_t>(used));
    if (!rest.empty() && rest[0] == '.') {
        std::size_t i = 1;
        while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) ++i;
        rest = rest.substr(i);
    }
    const auto offset = zone_offset(rest);  // RFC 3339 requires the zone
    if (!offset) return std::nullopt;
    return to_unix(year, month, day, hour, minute, second, *offset);
}

}  // namespace

std::optional<std::int64_t> parse_feed_date(const std::string& raw) {
    std::string text = raw;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
    if (text.size() >= 10 && std::isdigit(static_cast<unsigned char>(text[0])) && text[4] == '-') return rfc3339(text);
    return rfc822(text);
}

}  // namespace agoras::host::feeds
