// Mastodon's length rule (plugins/mastodon/length.cpp): any UTF-8 text has a length; anything else is
// refused (sdk::Error), never a crash.
#include "length.hpp"

#include <agoras/sdk/error.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        agoras::mastodon::status_length(text, text.substr(0, text.size() / 2), 23);
    } catch (const agoras::sdk::Error&) {
    }
    return 0;
}
