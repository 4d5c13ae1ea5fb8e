#include "text.hpp"

#include <agoras/sdk/error.hpp>

#include <utf8proc.h>

namespace agoras::text {

std::size_t count_graphemes(std::string_view utf8) {
    std::size_t count = 0;
    utf8proc_int32_t previous = -1, state = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    for (std::size_t at = 0; at < utf8.size();) {
        utf8proc_int32_t c = 0;
        const auto n = utf8proc_iterate(bytes + at, static_cast<utf8proc_ssize_t>(utf8.size() - at), &c);
        if (n <= 0) throw sdk::Error(AGORAS_ERR_USAGE, "the text is not valid UTF-8");
        if (previous < 0 || utf8proc_grapheme_break_stateful(previous, c, &state)) ++count;
        previous = c;
        at += static_cast<std::size_t>(n);
    }
    return count;
}

}  // namespace agoras::text
