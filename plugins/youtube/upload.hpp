// YouTube's resumable upload: a session started with the video's metadata and size, then PUTs of
// 8 MiB (a multiple of 256 KiB, as the protocol wants) streamed from the file, or fetched from a URL one
// range at a time, so memory does not grow with the video. After a failed or unanswered PUT the session
// is asked how much it has (Content-Range: bytes */TOTAL, answered 308 + Range) and the upload goes on
// from there; YouTube makes the video only when the last byte arrives, so the session URI, checkpointed
// before any byte is sent, also settles an interrupted run.
#pragma once

#include "api.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace agoras::youtube {

constexpr std::uint64_t kChunkBytes = 8ull << 20;

// Where a video's bytes come from: a local file, or an http(s) URL read in ranges.
class VideoSource {
public:
    // A dry run reads nothing from a URL (its size stays 0).
    VideoSource(const sdk::Host& host, std::string source, bool dry_run);
    std::uint64_t size() const { return size_; }
    // Bytes [offset, offset + length) as body parts (a file range, or one ranged download).
    std::vector<sdk::BodyPart> read(std::uint64_t offset, std::uint64_t length);

private:
    sdk::Host host_;
    std::string path_, url_;
    std::uint64_t size_ = 0;
    std::optional<std::pair<std::uint64_t, std::string>> cached_;  // the first range, read to learn the size
};

// Starts a session for `resource` (JSON: snippet, status) and returns its URI.
std::string start_session(YouTubeApi& api, const Json& resource, std::uint64_t size, bool notify_subscribers);

// Sends what the session lacks and returns the video resource YouTube made. nullopt: the session is
// gone (expired, or unknown to YouTube), so nothing was made from it.
std::optional<Json> finish_upload(YouTubeApi& api, const std::string& session, VideoSource& source);

// What a session has: the video when the upload is complete; else whether the session is gone, or the
// next byte it wants.
struct SessionState {
    std::optional<Json> video;
    bool gone = false;
    std::uint64_t next = 0;
};
SessionState ask_session(YouTubeApi& api, const std::string& session, std::uint64_t size);

}  // namespace agoras::youtube
