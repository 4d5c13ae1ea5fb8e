#include "text.hpp"

#include "graphemes.hpp"

#include <agoras/sdk/error.hpp>

namespace agoras::text {

std::size_t count_graphemes(std::string_view utf8) {
    const auto count = grapheme_count(utf8);
    if (!count) throw sdk::Error(AGORAS_ERR_USAGE, "the text is not valid UTF-8");
    return *count;
}

}  // namespace agoras::text
