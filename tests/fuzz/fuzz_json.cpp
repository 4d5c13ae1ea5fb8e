// The SDK's JSON reader (plugin-api/include/agoras/json.hpp): a value or std::invalid_argument; a value
// serializes to text that reads back as the same value.
#include <agoras/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const agoras::Json value = agoras::Json::parse(std::string(reinterpret_cast<const char*>(data), size));
        const std::string text = value.serialize();
        if (agoras::Json::parse(text).serialize() != text) std::abort();
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
