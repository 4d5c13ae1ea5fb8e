// Test images made on the spot with libjpeg-turbo and libpng: noise (which compresses badly, so a
// size is easy to reach), with or without an EXIF block that names an orientation and a place.
#pragma once

#include <string>

namespace agoras::test {

// A JPEG of width x height noise; `exif_orientation` 0: no EXIF, else an APP1 Exif block with that
// orientation and the text "GPS-SECRET-PLACE".
std::string make_jpeg(int width, int height, int quality = 95, int exif_orientation = 0);
// An RGBA PNG of width x height noise with a tEXt chunk "Comment: PNG-SECRET".
std::string make_png(int width, int height);

void write_file(const std::string& path, const std::string& bytes);

}  // namespace agoras::test
