// Bluesky's facets (plugins/bluesky/richtext.cpp): links, mentions and tags found in any text, each a
// byte range inside it.
#include "richtext.hpp"

#include <agoras/sdk/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        agoras::bluesky::check_post_text(text, "the text");
    } catch (const agoras::sdk::Error&) {
        return 0;  // not a text Bluesky takes
    }
    for (const auto& facet : agoras::bluesky::find_facets(text)) {
        if (facet.byte_start > facet.byte_end || facet.byte_end > text.size()) std::abort();
    }
    return 0;
}
