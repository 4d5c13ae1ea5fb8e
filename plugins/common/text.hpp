// Text length as the platforms count it: extended grapheme clusters, what a reader sees (Bluesky,
// Mastodon: Unicode UAX #29 as graphemes.hpp implements it, so a flag, a family emoji, a letter with a combining
// accent or an Indic conjunct is one), or code points (Discord, Instagram).
#pragma once

#include <cstddef>
#include <string_view>

namespace agoras::text {

// Throws sdk::Error(AGORAS_ERR_USAGE) on invalid UTF-8.
std::size_t count_graphemes(std::string_view utf8);

// Unicode code points (what Discord and Instagram count), of text already checked to be UTF-8 (the host
// checks every option). Inline, so that counting them needs no utf8proc.
inline std::size_t count_code_points(std::string_view utf8) {
    std::size_t n = 0;
    for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace agoras::text
