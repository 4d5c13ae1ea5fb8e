// X's weighted length and URL finder (plugins/x/weighted_length.cpp): any bytes give a count or a usage
// error, and every URL span lies inside the text, in order.
#include "weighted_length.hpp"

#include <agoras/sdk/error.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        agoras::x::weighted_length(text);
    } catch (const agoras::sdk::Error&) {
    }
    std::size_t last = 0;
    for (const auto& url : agoras::x::find_urls(text)) {
        if (url.begin < last || url.end <= url.begin || url.end > text.size()) std::abort();
        last = url.end;
    }
    return 0;
}
