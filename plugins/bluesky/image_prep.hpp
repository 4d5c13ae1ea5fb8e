// Images made ready for Bluesky's blob limits (2 MB for a post image, 1 MB for a link card's thumb):
// JPEG and PNG only, metadata (EXIF: location, camera) always removed, a JPEG's EXIF orientation applied
// losslessly first so that nothing turns sideways, and an image over the limit recompressed and scaled
// down (libjpeg-turbo, libpng) until it fits.
#pragma once

#include <cstddef>
#include <string>

namespace agoras::bluesky {

struct PreparedImage {
    std::string bytes;
    std::string mime_type;  // image/jpeg or image/png
    int width = 0, height = 0;
};

// Throws sdk::Error(AGORAS_ERR_USAGE) naming `what` for anything but a decodable JPEG or PNG.
PreparedImage prepare_image(const std::string& bytes, std::size_t max_bytes, const std::string& what);

}  // namespace agoras::bluesky
