// The rows of a schedule as the original reads them: A text, B link, C-F images, G date, H hour,
// I state; when a row is due and what it posts.
#pragma once

#include <agoras/sdk/post.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::schedule {

using Row = std::vector<std::string>;

constexpr std::size_t kText = 0, kLink = 1, kFirstImage = 2, kLastImage = 5, kDate = 6, kHour = 7, kState = 8;

// The cell of `column`, trimmed of spaces and tabs ("" when the row is shorter).
std::string cell(const Row& row, std::size_t column);

// When the row is due: its date (YYYY-MM-DD or DD-MM-YYYY) and hour (0-23) in local time (TZ), as Unix
// seconds; nullopt for a row whose date or hour does not parse (a header, a note).
std::optional<std::int64_t> due_time(const Row& row);

// What the row posts: its text, link and images.
sdk::Post post_of(const Row& row);

}  // namespace agoras::host::schedule
