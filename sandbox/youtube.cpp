#include "youtube.hpp"

#include "google_users.hpp"
#include "util.hpp"

#include <chrono>
#include <thread>

namespace agoras::sandbox {
namespace {

constexpr std::int64_t kQuantum = 256 * 1024;

Response google_error(int status, const std::string& reason, const std::string& message, const std::string& domain = "youtube.video") {
    return json_response(status, Json::object().set("error", Json::object().set("code", status).set("message", message)
                                                                 .set("errors", Json::array().push(Json::object().set("domain", domain)
                                                                                                         .set("reason", reason).set("message", message)))));
}

bool has_scope(const std::string& scopes, const std::string& wanted) {
    return (" " + scopes + " ").find(" https://www.googleapis.com/auth/" + wanted + " ") != std::string::npos;
}

// "bytes A-B/T" or "bytes */T": first, last (-1 for *), total; false when malformed.
bool parse_content_range(const std::string& header, std::int64_t& first, std::int64_t& last, std::int64_t& total) {
    if (header.rfind("bytes ", 0) != 0) return false;
    const std::string rest = header.substr(6);
    const auto slash = rest.find('/');
    if (slash == std::string::npos) return false;
    try {
        total = std::stoll(rest.substr(slash + 1));
        if (rest.compare(0, slash, "*") == 0) {
            first = last = -1;
            return true;
        }
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash > slash) return false;
        first = std::stoll(rest.substr(0, dash));
        last = std::stoll(rest.substr(dash + 1, slash - dash - 1));
        return first >= 0 && last >= first;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace

YouTubeModule::YouTubeModule() {
    controls_.number("upload_quota", upload_quota_)
        .number("channel_limit", channel_limit_)
        .number("fail_chunk_next", fail_chunk_next_)
        .number("drop_final_answer_next", drop_final_answer_next_)
        .number("chunk_latency_ms", chunk_latency_ms_)  // each chunk's answer comes this much later
        .flag("unaudited", unaudited_)
        .state([this] { return state(); });
}

Response YouTubeModule::handle(const Request& request) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    if (request.method == "PUT" && chunk_latency_ms_ > 0 && !request.body.empty()) {
        const int latency = chunk_latency_ms_;
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(latency));
        lock.lock();
    }
    const std::string path = request.path.substr(std::string(kPrefix).size());
    const auto scopes = GoogleUsers::shared().scopes_of(header(request, "Authorization"));
    if (!scopes) return google_error(401, "authError", "Request had invalid authentication credentials.", "global");
    if (path == "/upload/youtube/v3/videos" && request.method == "POST" && param(request, "uploadType") == "resumable") {
        if (!has_scope(*scopes, "youtube.upload") && !has_scope(*scopes, "youtube")) return google_error(403, "insufficientPermissions", "Insufficient Permission");
        return start(request);
    }
    if (path == "/upload/youtube/v3/videos" && request.method == "PUT") return put(request, param(request, "upload_id"));
    if (path == "/youtube/v3/channels" && request.method == "GET") {
        if (param(request, "mine") != "true") return google_error(400, "missingRequiredParameter", "No filter selected.");
        return json_response(200, Json::object().set("items", Json::array().push(
                                                         Json::object().set("id", kChannel).set("snippet", Json::object().set("title", "Agoras Sandbox")))));
    }
    const std::string id = param(request, "id");
    const auto video = videos_.find(id);
    if (path == "/youtube/v3/videos/rate" && request.method == "POST") {
        if (!has_scope(*scopes, "youtube")) return google_error(403, "insufficientPermissions", "Insufficient Permission");
        if (video == videos_.end() || video->second.deleted) return google_error(404, "videoNotFound", "The video that you are trying to rate cannot be found.");
        if (param(request, "rating") != "like" && param(request, "rating") != "dislike" && param(request, "rating") != "none") {
            return google_error(400, "invalidRating", "The request contained an unexpected value for the rating parameter.");
        }
        video->second.liked = param(request, "rating") == "like";
        Response done;
        done.status = 204;
        return done;
    }
    if (path == "/youtube/v3/videos" && request.method == "DELETE") {
        if (video == videos_.end() || video->second.deleted) return google_error(404, "videoNotFound", "The video that you are trying to delete cannot be found.");
        video->second.deleted = true;
        Response done;
        done.status = 204;
        return done;
    }
    if (path == "/upload/youtube/v3/thumbnails/set" && request.method == "POST") {
        const auto target = videos_.find(param(request, "videoId"));
        if (target == videos_.end()) return google_error(404, "videoNotFound", "The video that you are trying to update cannot be found.");
        if (request.body.size() > (2u << 20)) return google_error(400, "mediaBodyRequired", "The thumbnail is too large.", "youtube.thumbnail");
        const std::string type = sniff(request.body);
        if (type != "image/jpeg" && type != "image/png") return google_error(400, "invalidImage", "The thumbnail image is invalid.", "youtube.thumbnail");
        target->second.thumbnail = true;
        return json_response(200, Json::object().set("items", Json::array()));
    }
    return google_error(404, "notFound", "Not Found", "global");
}

Response YouTubeModule::start(const Request& r) {
    if (param(r, "part").find("snippet") == std::string::npos) return google_error(400, "invalidPart", "part must name snippet");
    const std::string length = header(r, "X-Upload-Content-Length"), type = header(r, "X-Upload-Content-Type");
    if (length.empty() || length.find_first_not_of("0123456789") != std::string::npos || std::stoll(length) <= 0) {
        return google_error(400, "badRequest", "X-Upload-Content-Length is required", "global");
    }
    if (type.rfind("video/", 0) != 0 && type != "application/octet-stream") {
        return google_error(400, "invalidContentType", "X-Upload-Content-Type must be video/* or application/octet-stream", "global");
    }
    if (uploads_today_ >= upload_quota_) {
        return google_error(403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota.", "youtube.quota");
    }
    if (uploads_today_ >= channel_limit_) return google_error(400, "uploadLimitExceeded", "The user has exceeded the number of videos they may upload.");
    Json resource;
    try {
        resource = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return google_error(400, "parseError", "Parse Error", "global");
    }
    const Json& snippet = resource["snippet"];
    const std::string title = snippet["title"].text();
    if (title.empty()) return google_error(400, "invalidTitle", "The request metadata specifies an invalid or empty video title.");
    if (code_points(title) > 100 || title.find_first_of("<>") != std::string::npos) {
        return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.");
    }
    if (snippet["description"].text().size() > 5000) return google_error(400, "invalidDescription", "The description is too long.");
    if (snippet.has("categoryId")) {
        const std::string category = snippet["categoryId"].text();
        static const std::string known = " 1 2 10 15 17 19 20 22 23 24 25 26 27 28 29 ";
        if (known.find(" " + category + " ") == std::string::npos) {
            return google_error(400, "invalidCategoryId", "The video snippet.categoryId property specifies an invalid category ID.");
        }
    }
    const Json& status = resource["status"];
    const std::string privacy = status["privacyStatus"].text();
    if (!privacy.empty() && privacy != "private" && privacy != "unlisted" && privacy != "public") {
        return google_error(400, "invalidVideoMetadata", "The request metadata is invalid: privacyStatus.");
    }
    if (status.has("publishAt") && privacy != "private") {
        return google_error(400, "invalidPublishAt", "publishAt can only be set for private videos.");
    }
    ++uploads_today_;  // every insert counts against the day's bucket, finished or not
    const std::string id = random_text(32);
    sessions_[id] = Session{resource, std::stoll(length), 0, param(r, "notifySubscribers") != "false", ""};
    Response response;
    response.headers.emplace_back("Location", "http://" + header(r, "Host") + kPrefix + "/upload/youtube/v3/videos?uploadType=resumable&upload_id=" + id);
    return response;
}

Response YouTubeModule::video_json(const std::string& id, int status) {
    return json_response(status, Json::object().set("kind", "youtube#video").set("id", id).set("snippet", videos_[id].resource["snippet"])
                                     .set("status", videos_[id].resource["status"]));
}

Response YouTubeModule::put(const Request& r, const std::string& session_id) {
    const auto found = sessions_.find(session_id);
    if (found == sessions_.end()) return google_error(404, "notFound", "The upload session does not exist.", "global");
    Session& s = found->second;
    std::int64_t first = 0, last = 0, total = 0;
    if (!parse_content_range(header(r, "Content-Range"), first, last, total) || total != s.total) {
        return google_error(400, "badContent", "Content-Range is missing, malformed or names another size", "global");
    }
    const auto incomplete = [&] {
        Response response;
        response.status = 308;
        if (s.received > 0) response.headers.emplace_back("Range", "bytes=0-" + std::to_string(s.received - 1));
        return response;
    };
    if (first < 0) {  // a status query
        ++status_queries_;
        return s.video.empty() ? incomplete() : video_json(s.video, 200);
    }
    if (!s.video.empty()) return video_json(s.video, 200);
    ++chunk_puts_;
    if (first != s.received) return google_error(400, "badContent", "the chunk does not start where the upload stands", "global");
    if (static_cast<std::int64_t>(r.body.size()) != last - first + 1 || last >= s.total) {
        return google_error(400, "badContent", "the body does not match Content-Range", "global");
    }
    const bool final = last + 1 == s.total;
    if (!final && (last - first + 1) % kQuantum != 0) {
        return google_error(400, "badContent", "chunks but the last must be multiples of 256 KiB", "global");
    }
    if (fail_chunk_next_ > 0) {  // the connection dropped mid-chunk: nothing of it kept
        --fail_chunk_next_;
        return google_error(503, "backendError", "Backend Error", "global");
    }
    s.received = last + 1;
    if (!final) return incomplete();
    // The video exists only now, with the last byte.
    const std::string id = random_text(11);
    Json resource = s.resource;
    Json status = resource["status"].is_object() ? resource["status"] : Json::object();
    if (unaudited_ || !status.has("privacyStatus")) status.set("privacyStatus", "private");
    status.set("uploadStatus", "uploaded");
    resource.set("status", status);
    videos_[id] = Video{resource, s.received, s.notify, false, false, false};
    s.video = id;
    if (drop_final_answer_next_ > 0) {
        --drop_final_answer_next_;
        return google_error(503, "backendError", "Backend Error", "global");
    }
    return video_json(id, 201);
}

Json YouTubeModule::state() const {
    Json videos = Json::array();
    for (const auto& [id, v] : videos_) {
        videos.push(Json::object().set("id", id).set("title", v.resource["snippet"]["title"]).set("description", v.resource["snippet"]["description"])
                        .set("tags", v.resource["snippet"]["tags"]).set("category", v.resource["snippet"].has("categoryId") ? v.resource["snippet"]["categoryId"] : Json())
                        .set("status", v.resource["status"]).set("bytes", v.bytes).set("notify", v.notify).set("liked", v.liked)
                        .set("deleted", v.deleted).set("thumbnail", v.thumbnail));
    }
    return Json::object().set("videos", videos).set("sessions", static_cast<std::int64_t>(sessions_.size())).set("uploads_today", uploads_today_)
        .set("chunk_puts", chunk_puts_).set("status_queries", status_queries_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "youtube",
    "the YouTube Data API v3 at /youtube, with resumable uploads (controls: /_sandbox/youtube/faults, /state);\n"
    "tokens from the Google module's consent flow",
    {{"AGORAS_YOUTUBE_API_URL", "/youtube"}},
    [](const SandboxOptions&) { return std::make_unique<YouTubeModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
