// Media for the plugins that upload it (Bluesky, Telegram, Discord): the bytes behind --image and
// --video, from an http(s) URL fetched through the host (redirects followed within its URL policy) or a
// local file, never more than `max_bytes`, and their type by their first bytes.
#pragma once

#include <agoras/sdk/host.hpp>

#include <cstdint>
#include <string>

namespace agoras::media {

bool is_url(const std::string& source);

// A medium as a file on disk, so that uploads stream it from there whatever its size: a local file as it
// is (checked against `max_bytes`), or a URL downloaded into a private temporary file (written as it
// arrives, never held in memory; removed with this object). Throws as load_media does.
class LocalMedia {
public:
    LocalMedia(const sdk::Host& host, const std::string& source, std::uint64_t max_bytes, const std::string& what);
    ~LocalMedia();
    LocalMedia(LocalMedia&& other) noexcept;
    LocalMedia& operator=(LocalMedia&&) = delete;
    LocalMedia(const LocalMedia&) = delete;
    LocalMedia& operator=(const LocalMedia&) = delete;

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_; }
    std::string mime_type() const;  // by the first bytes, as sniff_mime_type

private:
    std::string path_;
    std::uint64_t size_ = 0;
    bool temporary_ = false;
};

// A GET of media at `url`: redirects followed within the host's policy, at most `max_bytes`, one two-minute deadline.
sdk::HttpRequest download_request(const std::string& url, std::uint64_t max_bytes);

// The whole medium in memory, for what must decode it (an image to resize). Throws sdk::Error: USAGE for
// a missing, unreadable or oversized file; NETWORK or REMOTE for a URL.
std::string load_media(const sdk::Host& host, const std::string& source, std::uint64_t max_bytes, const std::string& what);

// The first `n` bytes of a local file (fewer when it is shorter).
std::string file_head(const std::string& path, std::size_t n);

// "image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4" by the first bytes, or "".
std::string sniff_mime_type(const std::string& bytes);

// The size of a local file; throws USAGE when it cannot be read.
std::uint64_t file_size(const std::string& path, const std::string& what);

}  // namespace agoras::media
