// Text length as the platforms that count what a reader sees count it (Bluesky, Mastodon): extended
// grapheme clusters (Unicode UAX #29, through utf8proc), so a flag, a family emoji or a letter with a
// combining accent is one.
#pragma once

#include <cstddef>
#include <string_view>

namespace agoras::text {

// Throws sdk::Error(AGORAS_ERR_USAGE) on invalid UTF-8.
std::size_t count_graphemes(std::string_view utf8);

}  // namespace agoras::text
