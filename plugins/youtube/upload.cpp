#include "upload.hpp"

#include <media.hpp>

namespace agoras::youtube {
namespace {

constexpr int kAttempts = 5;

// The next byte YouTube wants, from a 308's "Range: bytes=0-N" (none: nothing received yet).
std::uint64_t next_offset(const sdk::HttpResponse& answer) {
    const std::string range = answer.header("Range");
    const auto dash = range.find('-');
    if (range.rfind("bytes=0-", 0) != 0 || dash == std::string::npos) return 0;
    const std::string last = range.substr(dash + 1);
    if (last.empty() || last.size() > 15 || last.find_first_not_of("0123456789") != std::string::npos) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "YouTube answered the upload with a malformed Range (" + range + ")");
    }
    return std::stoull(last) + 1;
}

Json resource_of(const sdk::HttpResponse& answer) {
    try {
        const Json video = Json::parse(answer.body);
        sdk::checked_server_id(video["id"].text(), "a video id", "YouTube", "-_");
        return video;
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "YouTube finished the upload without the video's resource");
    }
}

sdk::HttpRequest session_put(const std::string& session, const std::string& content_range) {
    sdk::HttpRequest request;
    request.method = "PUT";
    request.url = session;
    request.headers.emplace_back("Content-Range", content_range);
    request.max_attempts = 1;  // the plugin asks the session after a failure, so the host does not repeat
    request.timeout_ms = 600000;
    return request;
}

}  // namespace

VideoSource::VideoSource(const sdk::Host& host, std::string source, bool dry_run) : host_(host) {
    if (!media::is_url(source)) {
        path_ = std::move(source);
        size_ = media::file_size(path_, "the video");
        return;
    }
    url_ = std::move(source);
    if (dry_run) return;
    const auto first = read(0, kChunkBytes);
    cached_ = std::make_pair(std::uint64_t{0}, first.front().data);
}

std::vector<sdk::BodyPart> VideoSource::read(std::uint64_t offset, std::uint64_t length) {
    if (!path_.empty()) return {sdk::BodyPart{{}, path_, offset, length}};
    if (cached_ && cached_->first == offset && cached_->second.size() >= length) {
        std::string bytes = cached_->second.substr(0, length);
        cached_.reset();
        return {sdk::BodyPart{std::move(bytes), {}, 0, 0}};
    }
    sdk::HttpRequest request = media::download_request(url_, length);
    request.timeout_ms = 300000;  // a whole chunk (kChunkBytes), not a small image
    request.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1));
    const sdk::HttpResponse answer = host_.http(request);
    if (answer.status == 206) {
        const std::string range = answer.header("Content-Range");
        const auto slash = range.find('/');
        if (slash != std::string::npos && range.find_first_not_of("0123456789", slash + 1) == std::string::npos && slash + 1 < range.size()) {
            size_ = std::stoull(range.substr(slash + 1));
        }
    } else if (answer.status == 200 && offset == 0 && answer.body.size() < length) {
        size_ = answer.body.size();  // a small file served whole
    } else if (answer.status == 200) {
        throw sdk::Error(AGORAS_ERR_USAGE, "YouTube: " + url_ + " is served without byte ranges, so it cannot be streamed; "
                                           "download it and give the file's path");
    } else {
        throw sdk::Error(AGORAS_ERR_REMOTE, "could not read the video at " + url_ + " (HTTP " + std::to_string(answer.status) + ")");
    }
    return {sdk::BodyPart{answer.body, {}, 0, 0}};
}

std::string start_session(YouTubeApi& api, const Json& resource, std::uint64_t size, bool notify_subscribers) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = api.base() + "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status" +
                  (notify_subscribers ? "" : "&notifySubscribers=false");
    request.body = resource.serialize();
    request.content_type = "application/json; charset=UTF-8";
    request.headers.emplace_back("X-Upload-Content-Length", std::to_string(size));
    request.headers.emplace_back("X-Upload-Content-Type", "video/*");
    request.retry_safe = true;  // a session makes nothing until its last byte
    const sdk::HttpResponse answer = api.call(request, resource.serialize(), "starting the upload");
    if (api.dry_run()) return api.base() + "/upload/youtube/v3/videos?upload_id=DRY_RUN";
    const std::string session = answer.header("Location");
    if (session.empty() || !sdk::may_fetch_from_content(session, api.base())) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "YouTube started the upload without a usable session address");
    }
    api.host().register_secret(session);  // whoever has it can upload into the session
    return session;
}

SessionState ask_session(YouTubeApi& api, const std::string& session, std::uint64_t size) {
    const sdk::HttpResponse answer = api.call(session_put(session, "bytes */" + std::to_string(size)), "", "asking YouTube how much it has", true);
    SessionState state;
    if (answer.status == 200 || answer.status == 201) {
        state.video = resource_of(answer);
    } else if (answer.status == 404 || answer.status == 410) {
        state.gone = true;
    } else if (answer.status == 308) {
        state.next = next_offset(answer);
    } else {
        throw youtube_error(answer.status, answer.body, "asking YouTube how much of the upload it has");
    }
    return state;
}

std::optional<Json> finish_upload(YouTubeApi& api, const std::string& session, VideoSource& source) {
    const std::uint64_t size = source.size();
    if (api.dry_run()) {
        api.host().emit(Json::object().set("dry_run", true).set("method", "PUT").set("url", "(the session)")
                            .set("body", "(" + std::to_string(size) + " bytes in chunks of " + std::to_string(kChunkBytes) + ")"));
        return Json::object().set("id", "DRY_RUN").set("status", Json::object().set("privacyStatus", "private"));
    }
    // What the session already has: a rerun resumes; a new session has nothing.
    SessionState state = ask_session(api, session, size);
    int failures = 0;
    while (!state.video && !state.gone) {
        const std::uint64_t offset = state.next, length = std::min(kChunkBytes, size - offset);
        sdk::HttpRequest put = session_put(session, "bytes " + std::to_string(offset) + "-" + std::to_string(offset + length - 1) + "/" +
                                                        std::to_string(size));
        put.body_parts = source.read(offset, length);
        put.content_type = "video/*";
        put.progress_label = "uploading the video (" + std::to_string(offset * 100 / std::max<std::uint64_t>(size, 1)) + " %)";
        std::optional<sdk::HttpResponse> answer;
        try {
            answer = api.call(put, "", "uploading the video", true);
        } catch (const sdk::Error& e) {
            if (e.status() != AGORAS_ERR_NETWORK) throw;
            api.host().warn(std::string(e.what()) + "; asking YouTube how much it has");
        }
        if (answer && (answer->status == 200 || answer->status == 201)) return resource_of(*answer);
        if (answer && answer->status == 308) {
            const std::uint64_t next = next_offset(*answer);
            if (next <= offset || next > size) throw sdk::Error(AGORAS_ERR_REMOTE, "YouTube's upload did not move forward");
            state.next = next;
            failures = 0;
            continue;
        }
        if (answer && (answer->status == 404 || answer->status == 410)) return std::nullopt;
        if (answer && answer->status < 500 && answer->status != 429) throw youtube_error(answer->status, answer->body, "uploading the video");
        // No answer, a 5xx or a 429: the session survives. Ask it, then go on from what it has.
        if (++failures == kAttempts) throw sdk::Error(AGORAS_ERR_NETWORK, "YouTube's upload failed " + std::to_string(kAttempts) + " times in a row");
        api.host().sleep_ms(1000u << failures);
        state = ask_session(api, session, size);
    }
    if (state.gone) return std::nullopt;
    return state.video;
}

}  // namespace agoras::youtube
