#include "support/images.hpp"

#include <png.h>
#include <turbojpeg.h>
#include <zlib.h>

#include <fstream>
#include <random>
#include <stdexcept>
#include <vector>

namespace agoras::test {
namespace {

std::vector<unsigned char> noise(std::size_t n) {
    std::mt19937 random(42);
    std::vector<unsigned char> out(n);
    for (auto& b : out) b = static_cast<unsigned char>(random());
    return out;
}

// APP1 "Exif\0\0" + a big-endian TIFF header with IFD0 holding the orientation tag, then a marker text.
std::string exif_segment(int orientation) {
    std::string tiff("MM\0\x2A\0\0\0\x08", 8);
    tiff += std::string("\0\x01", 2);                                          // one entry
    tiff += std::string("\x01\x12\0\x03\0\0\0\x01", 8);                         // orientation, SHORT, 1
    tiff += std::string(1, '\0') + std::string(1, static_cast<char>(orientation)) + std::string("\0\0", 2);
    tiff += std::string("\0\0\0\0", 4);                                          // no next IFD
    tiff += "GPS-SECRET-PLACE";
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = payload.size() + 2;
    return std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) + static_cast<char>(length & 0xFF) + payload;
}

}  // namespace

std::string make_jpeg(int width, int height, int quality, int exif_orientation) {
    const auto pixels = noise(static_cast<std::size_t>(width) * height * 3);
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    if (tjCompress2(tj, pixels.data(), width, 0, height, TJPF_RGB, &out, &size, TJSAMP_444, quality, 0) != 0) {
        throw std::runtime_error("tjCompress2 failed");
    }
    std::string jpeg(reinterpret_cast<const char*>(out), size);
    tjFree(out);
    tjDestroy(tj);
    if (exif_orientation != 0) jpeg.insert(2, exif_segment(exif_orientation));
    return jpeg;
}

std::string make_png(int width, int height) {
    const auto pixels = noise(static_cast<std::size_t>(width) * height * 4);
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = PNG_FORMAT_RGBA;
    png_alloc_size_t size = 0;
    png_image_write_get_memory_size(image, size, 0, pixels.data(), 0, nullptr);
    std::string png(size, '\0');
    png_image_write_to_memory(&image, png.data(), &size, 0, pixels.data(), 0, nullptr);
    png.resize(size);
    // A tEXt chunk after IHDR (8-byte signature + 25-byte IHDR); its CRC is not checked by readers
    // that skip ancillary chunks, but libpng checks it: compute it.
    const std::string data = std::string("tEXt") + "Comment" + std::string(1, '\0') + "PNG-SECRET";
    const unsigned long crc = crc32(0, reinterpret_cast<const unsigned char*>(data.data()), static_cast<unsigned>(data.size()));
    const std::size_t length = data.size() - 4;
    std::string chunk;
    for (int shift : {24, 16, 8, 0}) chunk.push_back(static_cast<char>((length >> shift) & 0xFF));
    chunk += data;
    for (int shift : {24, 16, 8, 0}) chunk.push_back(static_cast<char>((crc >> shift) & 0xFF));
    png.insert(33, chunk);
    return png;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

std::string write_sparse_mp4(const std::string& path, std::uint64_t size) {
    std::ofstream out(path, std::ios::binary);
    out.write("\0\0\0\x18" "ftypmp42", 12);
    out.seekp(static_cast<std::streamoff>(size - 1));
    out.put('\0');
    if (!out) throw std::runtime_error("cannot write " + path);
    return path;
}

}  // namespace agoras::test
