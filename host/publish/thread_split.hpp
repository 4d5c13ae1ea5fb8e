// `post --thread`: a text too long for a platform, cut into numbered pieces that each fit.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace agoras::host::publish {

// Code points in UTF-8 `text` (continuation bytes are not counted).
std::size_t code_points(const std::string& text);

// `text` in pieces of at most `limit` code points once " i/n" is appended, cut after a sentence if
// one ends in the second half of a piece, else at a space, else where the limit falls. Code points
// are never fewer than graphemes, so a piece also fits a platform that counts graphemes. Empty when
// `limit` leaves no room for a piece and its number.
std::vector<std::string> split_for_thread(const std::string& text, std::size_t limit);

}  // namespace agoras::host::publish
