// The sandbox's YouTube module at /youtube: the Data API v3 calls agoras makes, for the Google account
// whose tokens the Google module issues: resumable upload sessions as strict as Google's protocol
// (the size and type announced, chunks in order and in multiples of 256 KiB but the last, 308 with
// Range, status queries, the video made only on the last byte), the upload quota and the channel's
// daily limit, an unaudited project's forced privacy, thumbnails, likes, deletes and the channel.
// Bytes are counted, not kept, so a test can upload more than the process may hold. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace agoras::sandbox {

class YouTubeModule final : public Module {
public:
    static constexpr const char* kPrefix = "/youtube";
    static constexpr const char* kChannel = "UCsandboxChannel0000000001";

    YouTubeModule();
    const char* name() const override { return "youtube"; }
    bool owns(const Request& r) const override {
        return r.path.rfind(std::string(kPrefix) + "/", 0) == 0 || r.path.rfind("/_sandbox/youtube/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Session {
        Json resource;
        std::int64_t total = 0, received = 0;
        bool notify = true;
        std::string video;  // set once the last byte arrived
    };
    struct Video {
        Json resource;
        std::int64_t bytes = 0;
        bool notify = true, liked = false, deleted = false, thumbnail = false;
    };
    Response start(const Request& r);
    Response put(const Request& r, const std::string& session_id);
    Response video_json(const std::string& id, int status);
    Json state() const;

    std::mutex mutex_;
    std::map<std::string, Session> sessions_;
    std::map<std::string, Video> videos_;
    int upload_quota_ = 100, uploads_today_ = 0, channel_limit_ = 1000, fail_chunk_next_ = 0, drop_final_answer_next_ = 0,
        chunk_puts_ = 0, status_queries_ = 0, chunk_latency_ms_ = 0;
    bool unaudited_ = false;
    Controls controls_{"/_sandbox/youtube/"};
};

}  // namespace agoras::sandbox
