// RSS and Atom (host/feeds/feed_parser.cpp): any bytes are a feed or a refusal (std::runtime_error), nothing else.
#include "feeds/feed.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        agoras::host::feeds::parse_feed(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const std::runtime_error&) {
    }
    return 0;
}
