#include "image_prep.hpp"

#include <agoras/sdk/error.hpp>
#include <media.hpp>

#include <png.h>
#include <turbojpeg.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace agoras::bluesky {
namespace {

// Decoding is refused above this many pixels (a small file can claim a huge picture).
constexpr std::uint64_t kMaxPixels = 40'000'000;
// Scaled images start no larger than this on their longest side.
constexpr int kMaxSide = 4096;

[[noreturn]] void unusable(const std::string& what, const std::string& why) {
    throw sdk::Error(AGORAS_ERR_USAGE, "Bluesky: " + what + " " + why);
}

struct TjHandle {
    explicit TjHandle(int kind) : handle(kind == 0 ? tjInitDecompress() : kind == 1 ? tjInitCompress() : tjInitTransform()) {
        if (handle == nullptr) throw sdk::Error(AGORAS_ERR_GENERIC, "libjpeg-turbo could not start");
    }
    ~TjHandle() { tjDestroy(handle); }
    TjHandle(const TjHandle&) = delete;
    TjHandle& operator=(const TjHandle&) = delete;
    tjhandle handle;
};

std::string take(unsigned char* buffer, unsigned long size) {
    std::string out(reinterpret_cast<const char*>(buffer), size);
    tjFree(buffer);
    return out;
}

std::uint32_t read_u16(const unsigned char* p, bool little) { return little ? p[0] | (p[1] << 8) : (p[0] << 8) | p[1]; }
std::uint32_t read_u32(const unsigned char* p, bool little) {
    return little ? read_u16(p, true) | (read_u16(p + 2, true) << 16) : (read_u16(p, false) << 16) | read_u16(p + 2, false);
}

// The EXIF orientation (1-8) of a JPEG, 1 when it has none. Walks the segments before the image data.
int exif_orientation(const std::string& jpeg) {
    const auto* p = reinterpret_cast<const unsigned char*>(jpeg.data());
    std::size_t at = 2;
    while (at + 4 <= jpeg.size() && p[at] == 0xFF) {
        const unsigned marker = p[at + 1];
        const std::size_t length = read_u16(p + at + 2, false);
        if (marker == 0xDA || length < 2 || at + 2 + length > jpeg.size()) break;
        const unsigned char* segment = p + at + 4;
        const std::size_t size = length - 2;
        if (marker == 0xE1 && size >= 14 && std::string(reinterpret_cast<const char*>(segment), 6) == std::string("Exif\0\0", 6)) {
            const unsigned char* tiff = segment + 6;
            const std::size_t tiff_size = size - 6;
            const bool little = tiff[0] == 'I';
            const std::size_t ifd = read_u32(tiff + 4, little);
            if (ifd + 2 > tiff_size) return 1;
            const std::size_t entries = read_u16(tiff + ifd, little);
            for (std::size_t i = 0; i < entries && ifd + 2 + 12 * (i + 1) <= tiff_size; ++i) {
                const unsigned char* entry = tiff + ifd + 2 + 12 * i;
                if (read_u16(entry, little) == 0x0112) {
                    const int value = static_cast<int>(read_u16(entry + 8, little));
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
            return 1;
        }
        at += 2 + length;
    }
    return 1;
}

// The JPEG without metadata, turned upright: a lossless transform (libjpeg-turbo's jpegtran).
std::string upright_without_metadata(const std::string& jpeg, const std::string& what) {
    static const int operations[] = {TJXOP_NONE, TJXOP_NONE, TJXOP_HFLIP, TJXOP_ROT180, TJXOP_VFLIP,
                                     TJXOP_TRANSPOSE, TJXOP_ROT90, TJXOP_TRANSVERSE, TJXOP_ROT270};
    TjHandle tj(2);
    tjtransform transform{};
    transform.op = operations[exif_orientation(jpeg)];
    transform.options = TJXOPT_COPYNONE | TJXOPT_TRIM;
    unsigned char* out = nullptr;
    unsigned long out_size = 0;
    if (tjTransform(tj.handle, reinterpret_cast<const unsigned char*>(jpeg.data()), jpeg.size(), 1, &out, &out_size,
                    &transform, TJFLAG_LIMITSCANS) != 0) {
        if (out != nullptr) tjFree(out);
        unusable(what, std::string("is not a usable JPEG (") + tjGetErrorStr2(tj.handle) + ")");
    }
    return take(out, out_size);
}

void jpeg_size(const std::string& jpeg, int& width, int& height, const std::string& what) {
    TjHandle tj(0);
    int subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.handle, reinterpret_cast<const unsigned char*>(jpeg.data()), jpeg.size(), &width, &height,
                            &subsampling, &colorspace) != 0) {
        unusable(what, "is not a usable JPEG");
    }
    if (static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height) > kMaxPixels) {
        unusable(what, "has " + std::to_string(width) + "x" + std::to_string(height) + " pixels; at most 40 megapixels");
    }
}

std::string encode_jpeg(const std::vector<unsigned char>& rgb, int width, int height, int quality) {
    TjHandle tj(1);
    unsigned char* out = nullptr;
    unsigned long out_size = 0;
    if (tjCompress2(tj.handle, rgb.data(), width, 0, height, TJPF_RGB, &out, &out_size, TJSAMP_420, quality,
                    TJFLAG_ACCURATEDCT) != 0) {
        if (out != nullptr) tjFree(out);
        throw sdk::Error(AGORAS_ERR_GENERIC, std::string("JPEG encoding failed: ") + tjGetErrorStr2(tj.handle));
    }
    return take(out, out_size);
}

// Decodes `jpeg` at each of libjpeg-turbo's scaling factors, largest first, and recompresses it until
// it fits in `max_bytes`.
PreparedImage fit_jpeg(const std::string& jpeg, std::size_t max_bytes, const std::string& what) {
    int width = 0, height = 0;
    jpeg_size(jpeg, width, height, what);
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    std::vector<tjscalingfactor> usable;
    for (int i = 0; i < count; ++i) {
        if (factors[i].num <= factors[i].denom) usable.push_back(factors[i]);
    }
    std::sort(usable.begin(), usable.end(), [](const tjscalingfactor& a, const tjscalingfactor& b) {
        return a.num * b.denom > b.num * a.denom;
    });
    TjHandle tj(0);
    for (const auto& factor : usable) {
        const int w = TJSCALED(width, factor), h = TJSCALED(height, factor);
        if (std::max(w, h) > kMaxSide) continue;
        std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
        if (tjDecompress2(tj.handle, reinterpret_cast<const unsigned char*>(jpeg.data()), jpeg.size(), rgb.data(), w, 0,
                          h, TJPF_RGB, TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS) != 0) {
            unusable(what, "is not a usable JPEG");
        }
        for (int quality : {90, 80, 70}) {
            std::string out = encode_jpeg(rgb, w, h, quality);
            if (out.size() <= max_bytes) return {std::move(out), "image/jpeg", w, h};
        }
    }
    unusable(what, "cannot be made small enough for Bluesky");
}

PreparedImage prepare_jpeg(const std::string& bytes, std::size_t max_bytes, const std::string& what) {
    int width = 0, height = 0;
    jpeg_size(bytes, width, height, what);  // before any decoding: the header may lie about a huge size
    std::string clean = upright_without_metadata(bytes, what);
    PreparedImage image;
    jpeg_size(clean, image.width, image.height, what);
    if (clean.size() <= max_bytes) {
        image.bytes = std::move(clean);
        image.mime_type = "image/jpeg";
        return image;
    }
    return fit_jpeg(clean, max_bytes, what);
}

// A PNG is always decoded and written again: that drops its text and EXIF chunks. One too big
// becomes a JPEG on white.
PreparedImage prepare_png(const std::string& bytes, std::size_t max_bytes, const std::string& what) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
        unusable(what, std::string("is not a usable PNG (") + image.message + ")");
    }
    if (static_cast<std::uint64_t>(image.width) * image.height > kMaxPixels) {
        png_image_free(&image);
        unusable(what, "has " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                           " pixels; at most 40 megapixels");
    }
    const bool alpha = (image.format & PNG_FORMAT_FLAG_ALPHA) != 0;
    image.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) == 0) {
        unusable(what, std::string("is not a usable PNG (") + image.message + ")");
    }
    const int width = static_cast<int>(image.width), height = static_cast<int>(image.height);
    png_alloc_size_t size = 0;
    if (png_image_write_get_memory_size(image, size, 0, pixels.data(), 0, nullptr) != 0 && size <= max_bytes) {
        std::string out(size, '\0');
        if (png_image_write_to_memory(&image, out.data(), &size, 0, pixels.data(), 0, nullptr) != 0) {
            out.resize(size);
            return {std::move(out), "image/png", width, height};
        }
    }
    png_image_free(&image);
    std::vector<unsigned char> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (std::size_t i = 0, n = static_cast<std::size_t>(width) * height; i < n; ++i) {
        for (int c = 0; c < 3; ++c) {
            if (!alpha) {
                rgb[i * 3 + c] = pixels[i * 3 + c];
                continue;
            }
            const unsigned a = pixels[i * 4 + 3];
            rgb[i * 3 + c] = static_cast<unsigned char>((pixels[i * 4 + c] * a + 255 * (255 - a)) / 255);
        }
    }
    return fit_jpeg(encode_jpeg(rgb, width, height, 95), max_bytes, what);
}

}  // namespace

PreparedImage prepare_image(const std::string& bytes, std::size_t max_bytes, const std::string& what) {
    const std::string mime = media::sniff_mime_type(bytes);
    if (mime == "image/jpeg") return prepare_jpeg(bytes, max_bytes, what);
    if (mime == "image/png") return prepare_png(bytes, max_bytes, what);
    unusable(what, "is " + (mime.empty() ? std::string("not an image agoras can read") : mime) +
                       "; Bluesky images are JPEG or PNG here");
}

}  // namespace agoras::bluesky
