// Media for LinkedIn posts: images and documents through initializeUpload and one PUT to the URL
// LinkedIn gives; a video through initializeUpload, a PUT of exactly each instruction's byte range to
// that instruction's URL (collecting the ETags in order), finalizeUpload, and a wait until LinkedIn says
// AVAILABLE. Any failure throws: a post never goes out without its media.
#pragma once

#include "api.hpp"

#include <agoras/sdk/post.hpp>

#include <string>

namespace agoras::linkedin {

constexpr std::uint64_t kMaxImageBytes = 36ull << 20, kMaxDocumentBytes = 100ull << 20, kMaxVideoBytes = 500ull << 20;

enum class Asset { image, document, video };

// Uploads a local path or an https URL owned by `author`; returns its URN (urn:li:image:…, …).
std::string upload_asset(LinkedInApi& api, Asset kind, const std::string& source, const std::string& author, const std::string& what);

}  // namespace agoras::linkedin
