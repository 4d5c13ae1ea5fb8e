#include "graphemes.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>

namespace agoras::text {
namespace {

struct CodePointRange {
    std::int32_t first, last;
};

#include "indic_conjunct_break.inc"

template <std::size_t N>
bool contains(const CodePointRange (&table)[N], std::int32_t c) {
    const auto* it = std::upper_bound(std::begin(table), std::end(table), c,
                                      [](std::int32_t value, const CodePointRange& r) { return value < r.first; });
    return it != std::begin(table) && c <= std::prev(it)->last;
}

}  // namespace

bool GraphemeBreaker::starts_cluster(std::int32_t c) {
    // utf8proc's state (regional indicator pairs, emoji ZWJ sequences) must follow every code point, so it is
    // asked even when GB9c decides.
    const bool utf8proc_breaks = previous_ < 0 || utf8proc_grapheme_break_stateful(previous_, c, &utf8proc_state_);
    previous_ = c;

    // GB9c: Consonant [Extend Linker]* Linker [Extend Linker]* × Consonant
    const bool consonant = contains(kIncbConsonant, c);
    const bool joins = consonant && conjunct_ == Conjunct::linked;
    if (consonant) {
        conjunct_ = Conjunct::consonant;
    } else if (contains(kIncbLinker, c)) {
        if (conjunct_ != Conjunct::none) conjunct_ = Conjunct::linked;
    } else if (!contains(kIncbExtend, c)) {
        conjunct_ = Conjunct::none;
    }
    return utf8proc_breaks && !joins;
}

std::optional<std::size_t> grapheme_count(std::string_view utf8) {
    GraphemeBreaker breaker;
    std::size_t count = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    for (std::size_t at = 0; at < utf8.size();) {
        utf8proc_int32_t c = 0;
        const auto n = utf8proc_iterate(bytes + at, static_cast<utf8proc_ssize_t>(utf8.size() - at), &c);
        if (n <= 0) return std::nullopt;
        count += breaker.starts_cluster(c);
        at += static_cast<std::size_t>(n);
    }
    return count;
}

}  // namespace agoras::text
