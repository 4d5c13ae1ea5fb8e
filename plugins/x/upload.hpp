// Media for X posts through the v2 endpoints: an image in one request (/2/media/upload), a GIF or a
// video chunked (initialize, append in order, finalize) and waited for while X processes it, as its
// check_after_secs says; alt text through /2/media/metadata. Any failure throws: a post never goes
// out without its media.
#pragma once

#include "api.hpp"

#include <agoras/sdk/post.hpp>

#include <string>

namespace agoras::x {

constexpr std::uint64_t kMaxImageBytes = 5ull << 20, kMaxGifBytes = 15ull << 20, kMaxVideoBytes = 512ull << 20;
constexpr std::size_t kMaxAltText = 1000;

// What a file is for X: "tweet_image", "tweet_gif" or "tweet_video", from its type.
std::string media_category(const std::string& mime_type);

// Uploads `item` (a local path or an https URL) and returns X's media id. `what` names it in messages
// ("image 2").
std::string upload_media(XApi& api, const sdk::Media& item, const std::string& what);

}  // namespace agoras::x
