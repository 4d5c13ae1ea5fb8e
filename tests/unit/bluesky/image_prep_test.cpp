#include "image_prep.hpp"

#include "support/images.hpp"

#include <agoras/sdk/error.hpp>

#include <catch2/catch.hpp>

using namespace agoras::bluesky;
using agoras::test::make_jpeg;
using agoras::test::make_png;

namespace {
bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }
}  // namespace

TEST_CASE("images: EXIF goes, the orientation is applied first, a small JPEG is not recompressed", "[bluesky][image]") {
    const std::string photo = make_jpeg(64, 32, 90, 6);  // orientation 6: turn 90° clockwise to view
    REQUIRE(contains(photo, "GPS-SECRET-PLACE"));
    const auto prepared = prepare_image(photo, 2'000'000, "image 1");
    CHECK(prepared.mime_type == "image/jpeg");
    CHECK_FALSE(contains(prepared.bytes, "GPS-SECRET-PLACE"));
    CHECK_FALSE(contains(prepared.bytes, std::string("Exif\0\0", 6)));
    CHECK(prepared.width == 32);
    CHECK(prepared.height == 64);
    const auto upright = prepare_image(make_jpeg(64, 32, 90, 1), 2'000'000, "image 1");
    CHECK(upright.width == 64);
    CHECK(upright.height == 32);
}

TEST_CASE("images: one over the limit is recompressed and scaled until it fits", "[bluesky][image]") {
    const std::string big = make_jpeg(1600, 1200, 100);
    REQUIRE(big.size() > 1'000'000);
    const auto fitted = prepare_image(big, 300'000, "image 1");
    CHECK(fitted.bytes.size() <= 300'000);
    CHECK(fitted.mime_type == "image/jpeg");
    CHECK(fitted.width * 3 == fitted.height * 4);  // the aspect ratio survives
    CHECK(fitted.width < 1600);
}

TEST_CASE("images: a PNG is rewritten without its text chunks, and becomes a JPEG when too big", "[bluesky][image]") {
    const std::string png = make_png(40, 20);
    REQUIRE(contains(png, "PNG-SECRET"));
    const auto small = prepare_image(png, 2'000'000, "image 1");
    CHECK(small.mime_type == "image/png");
    CHECK_FALSE(contains(small.bytes, "PNG-SECRET"));
    CHECK(small.width == 40);
    const auto big = prepare_image(make_png(800, 600), 200'000, "image 1");
    CHECK(big.mime_type == "image/jpeg");
    CHECK(big.bytes.size() <= 200'000);
}

TEST_CASE("images: anything else is a usage error naming the image", "[bluesky][image]") {
    const auto refused = [](const std::string& bytes) {
        try {
            prepare_image(bytes, 2'000'000, "image 3");
        } catch (const agoras::sdk::Error& e) {
            return e.status() == AGORAS_ERR_USAGE && contains(e.what(), "image 3");
        }
        return false;
    };
    CHECK(refused("GIF89a......"));
    CHECK(refused("not an image at all"));
    CHECK(refused(std::string("\xFF\xD8\xFF\xE0 truncated", 15)));
    // A header that claims 60000 x 60000 pixels is refused before any decoding.
    std::string bomb = make_jpeg(16, 16);
    const auto sof = bomb.find("\xFF\xC0");
    REQUIRE(sof != std::string::npos);
    bomb[sof + 5] = '\xEA'; bomb[sof + 6] = '\x60'; bomb[sof + 7] = '\xEA'; bomb[sof + 8] = '\x60';
    CHECK(refused(bomb));
}
