// Test images made on the spot with libjpeg-turbo and libpng: noise (which compresses badly, so a
// size is easy to reach), with or without an EXIF block that names an orientation and a place.
#pragma once

#include <cstdint>
#include <string>

namespace agoras::test {

// A JPEG of width x height noise; `exif_orientation` 0: no EXIF, else an APP1 Exif block with that
// orientation and the text "GPS-SECRET-PLACE".
std::string make_jpeg(int width, int height, int quality = 95, int exif_orientation = 0);
// An RGBA PNG of width x height noise with a tEXt chunk "Comment: PNG-SECRET".
std::string make_png(int width, int height);

void write_file(const std::string& path, const std::string& bytes);

// An MP4 of `size` bytes at `path`: a real ftyp header, then a hole (sparse on disk, so a test can upload
// hundreds of MiB without writing them). Returns the path.
std::string write_sparse_mp4(const std::string& path, std::uint64_t size);

}  // namespace agoras::test
