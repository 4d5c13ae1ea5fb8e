// Extended grapheme clusters as the platforms count them today (Unicode 15.1 and later, through ICU or
// Intl.Segmenter): utf8proc's rules, which are Unicode 15.0's, plus rule GB9c that 15.1 added, so that an Indic
// conjunct such as क्ष (consonant, virama, consonant) is one cluster, not two. Shared by the plugins and the
// sandbox; tests/unit/common/graphemes_test.cpp holds both to a JavaScript engine's Intl.Segmenter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace agoras::text {

// Walks a text code point by code point and says where clusters begin.
class GraphemeBreaker {
public:
    // True when `c` starts a new cluster (always for the first code point).
    bool starts_cluster(std::int32_t c);

private:
    enum class Conjunct { none, consonant, linked };  // where GB9c stands: after C [Extend]*, or after C … Linker
    std::int32_t previous_ = -1;
    std::int32_t utf8proc_state_ = 0;
    Conjunct conjunct_ = Conjunct::none;
};

// The number of clusters, or nothing when the text is not valid UTF-8.
std::optional<std::size_t> grapheme_count(std::string_view utf8);

}  // namespace agoras::text
