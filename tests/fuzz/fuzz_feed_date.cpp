// Feed dates (host/feeds/feed_dates.cpp): RFC 822 and RFC 3339 in every form feeds use; a date or none.
#include "feeds/feed.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    agoras::host::feeds::parse_feed_date(std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
