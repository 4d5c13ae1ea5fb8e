// Bluesky's text rules: length in grapheme clusters (text::count_graphemes) and UTF-8 bytes, and
// the richtext facets the app would add itself (links, @mentions, #tags) with their UTF-8 byte ranges.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agoras::bluesky {

constexpr std::size_t kMaxTextGraphemes = 300;
constexpr std::size_t kMaxTextBytes = 3000;
constexpr std::size_t kMaxTagGraphemes = 64;

// Throws sdk::Error(AGORAS_ERR_USAGE) naming `what` when `text` breaks a post's limits.
void check_post_text(const std::string& text, const std::string& what);

struct FacetCandidate {
    enum class Kind { link, mention, tag };
    Kind kind;
    std::size_t byte_start;  // inclusive, into the UTF-8 text
    std::size_t byte_end;    // exclusive
    std::string value;       // the URL; the handle without '@'; the tag without '#'
};

// Links (http:// and https:// URLs, trailing punctuation left out), @mentions of handles (domain names)
// and #tags, in text order. Mentions still need their handle resolved to a DID.
std::vector<FacetCandidate> find_facets(std::string_view utf8);

}  // namespace agoras::bluesky
