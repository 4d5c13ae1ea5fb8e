// Image preparation for Bluesky (plugins/bluesky/image_prep.cpp): any bytes are an image made to fit or
// a refusal (sdk::Error), never a crash or an unbounded allocation.
#include "image_prep.hpp"

#include <agoras/sdk/error.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        agoras::bluesky::prepare_image(std::string(reinterpret_cast<const char*>(data), size), 1'000'000, "the image");
    } catch (const agoras::sdk::Error&) {
    }
    return 0;
}
