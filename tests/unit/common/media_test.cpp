// plugins/common/media: what a file is, from its first bytes.
#include "media.hpp"

#include <catch2/catch.hpp>

using agoras::media::sniff_mime_type;

TEST_CASE("media: image and video signatures are recognised", "[media]") {
    CHECK(sniff_mime_type("\xFF\xD8\xFF\xE0") == "image/jpeg");
    CHECK(sniff_mime_type(std::string("\x89PNG\r\n\x1A\n\0\0", 10)) == "image/png");
    CHECK(sniff_mime_type("GIF89a...") == "image/gif");
    CHECK(sniff_mime_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)) == "image/webp");
    CHECK(sniff_mime_type(std::string("\0\0\0\x18" "ftypmp42", 12)) == "video/mp4");
}

TEST_CASE("media: fewer bytes than a signature needs is no type, not an error", "[media]") {
    for (const std::string& bytes : {std::string(), std::string("R"), std::string("RIFF"), std::string("RIFF\0\0", 6),
                                    std::string("\0\0\0", 3), std::string("\xFF\xD8", 2)}) {
        CHECK_NOTHROW(sniff_mime_type(bytes));
        CHECK(sniff_mime_type(bytes).empty());
    }
}
