// Post length as X counts it (twitter-text v3): 280 weighted units after NFC normalization, where a
// code point of Latin, Greek, Cyrillic, Hebrew, Arabic and the like or of common punctuation counts 1,
// any other (CJK, most symbols) 2; an emoji sequence (skin tones, ZWJ families, flags, keycaps) 2 in
// all; and every URL 23 whatever its length, with or without a scheme (a bare "example.com" is a link
// for X).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agoras::x {

constexpr std::size_t kMaxWeightedLength = 280;
constexpr std::size_t kUrlWeight = 23;

// Throws sdk::Error(AGORAS_ERR_USAGE) on invalid UTF-8.
std::size_t weighted_length(std::string_view utf8);

// The URLs X finds in `utf8` (byte ranges of the text as given), in order.
struct UrlSpan {
    std::size_t begin, end;
};
std::vector<UrlSpan> find_urls(std::string_view utf8);

}  // namespace agoras::x
