// A YouTube video from a typed post or the video action: the resource (title, description, trimmed
// tags, a category only when given, privacy, publishAt, made-for-kids), the resumable upload, the
// privacy YouTube stored (stricter for unaudited projects: said), and the thumbnail.
#include "upload.hpp"
#include "youtube.hpp"

#include <media.hpp>
#include <text.hpp>

#include <algorithm>
#include <ctime>

namespace agoras::youtube {
namespace {

constexpr std::size_t kMaxTitle = 100, kMaxDescriptionBytes = 5000, kMaxTagCharacters = 500;
constexpr std::uint64_t kMaxThumbnailBytes = 2ull << 20;

struct Video {
    std::string source, title, description, category, privacy, publish_at, thumbnail;
    std::vector<std::string> tags;
    std::optional<bool> made_for_kids;
    bool notify = true;
};

// At most `limit` characters, cut at a word when there is one.
std::string cut_at_word(const std::string& text, std::size_t limit) {
    if (text::count_code_points(text) <= limit) return text;
    std::size_t bytes = 0, count = 0;
    while (bytes < text.size() && count < limit) {
        bytes += 1;
        while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) ++bytes;
        ++count;
    }
    std::string cut = text.substr(0, bytes);
    const auto space = cut.find_last_of(" \n\t");
    if (space != std::string::npos && space > bytes / 2) cut.resize(space);
    return cut;
}

std::vector<std::string> tags_of(const std::string& keywords) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start <= keywords.size()) {
        const auto comma = std::min(keywords.find(',', start), keywords.size());
        std::string tag = keywords.substr(start, comma - start);
        tag.erase(0, tag.find_first_not_of(" \t\n"));
        tag.erase(tag.find_last_not_of(" \t\n") + 1);
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
        start = comma + 1;
    }
    return tags;
}

Video video_of(const sdk::Invocation& call, const sdk::Post& post) {
    Video v;
    for (const auto& m : post.media) {
        if (m.kind == AGORAS_MEDIA_VIDEO) v.source = m.source;
    }
    // From `post --to`, the post's text: its start (cut at a word) is the title, the whole the description.
    v.title = call.get_or("title", cut_at_word(post.text.substr(0, post.text.find('\n')), kMaxTitle));
    v.description = call.get_or("description", post.text);
    if (post.link && v.description.find(*post.link) == std::string::npos) v.description += (v.description.empty() ? "" : "\n\n") + *post.link;
    v.category = call.get_or("category-id", "");
    v.privacy = call.get_or("privacy-status", "private");
    v.publish_at = call.get_or("publish-at", "");
    v.thumbnail = call.get_or("thumbnail", "");
    v.tags = tags_of(call.get_or("keywords", ""));
    if (call.flag("made-for-kids")) v.made_for_kids = true;
    if (call.flag("not-made-for-kids")) v.made_for_kids = false;
    v.notify = !call.flag("no-notify");
    return v;
}

Json check(const Video& v, bool both_kids_flags) {
    if (v.source.empty()) refuse("a YouTube post needs a video (--video-url, or a video in the post)");
    if (both_kids_flags) refuse("--made-for-kids and --not-made-for-kids contradict each other");
    if (v.title.empty()) refuse("the video needs a title (--title, or the post's text)");
    if (text::count_code_points(v.title) > kMaxTitle) refuse("the title is over " + std::to_string(kMaxTitle) + " characters");
    if (v.title.find_first_of("<>") != std::string::npos || v.description.find_first_of("<>") != std::string::npos) {
        refuse("YouTube does not allow < or > in a title or description");
    }
    if (v.description.size() > kMaxDescriptionBytes) refuse("the description is over 5000 bytes");
    std::size_t tag_characters = 0;
    for (const auto& tag : v.tags) tag_characters += text::count_code_points(tag) + (tag.find(' ') != std::string::npos ? 2 : 0);
    if (tag_characters > kMaxTagCharacters) refuse("the keywords come to over 500 characters");
    if (!v.category.empty() && (v.category.size() > 4 || v.category.find_first_not_of("0123456789") != std::string::npos)) {
        refuse("--category-id must be a number (22 is People & Blogs), not '" + v.category + "'");
    }
    if (v.privacy != "private" && v.privacy != "unlisted" && v.privacy != "public") {
        refuse("--privacy-status must be private, unlisted or public, not '" + v.privacy + "'");
    }
    if (!v.publish_at.empty()) {
        if (v.privacy != "private") refuse("--publish-at needs --privacy-status private (YouTube makes the video public at that time)");
        std::tm tm{};
        const char* end = strptime(v.publish_at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
        if (end == nullptr || (*end != 'Z' && *end != '+' && *end != '-' && *end != '.')) {
            refuse("--publish-at must be an RFC 3339 time such as 2027-01-31T18:00:00Z, not '" + v.publish_at + "'");
        }
    }
    if (!media::is_url(v.source) && media::file_size(v.source, "the video") == 0) refuse("the video file is empty");
    if (!v.thumbnail.empty() && media::file_size(v.thumbnail, "the thumbnail") > kMaxThumbnailBytes) refuse("the thumbnail is over 2 MB");
    return Json::object().set("title", v.title).set("privacy", v.privacy);
}

Json resource_of(const Video& v) {
    Json snippet = Json::object().set("title", v.title).set("description", v.description);
    if (!v.tags.empty()) snippet.set("tags", Json::array_of(v.tags));
    if (!v.category.empty()) snippet.set("categoryId", v.category);  // none given: none sent (the original sent "")
    Json status = Json::object().set("privacyStatus", v.privacy);
    if (!v.publish_at.empty()) status.set("publishAt", v.publish_at);
    if (v.made_for_kids) status.set("selfDeclaredMadeForKids", *v.made_for_kids);
    return Json::object().set("snippet", snippet).set("status", status);
}

int strictness(const std::string& privacy) { return privacy == "private" ? 2 : privacy == "unlisted" ? 1 : 0; }

// The result line, a warning when YouTube stored a stricter privacy, and the thumbnail.
void finish(YouTubeApi& api, const Video& v, const Json& video) {
    const std::string id = sdk::checked_server_id(video["id"].text(), "a video id", "YouTube", "-_");
    const std::string stored = video["status"]["privacyStatus"].text().empty() ? v.privacy : video["status"]["privacyStatus"].text();
    if (strictness(stored) > strictness(v.privacy)) {
        api.host().warn("YouTube stored the video as " + stored + ", not " + v.privacy + ": uploads from API projects that have not "
                        "passed YouTube's audit are private until it is passed (see docs/credentials/youtube.md)");
    }
    if (!v.thumbnail.empty() && !api.dry_run()) {
        try {
            sdk::HttpRequest request;
            request.method = "POST";
            request.url = api.base() + "/upload/youtube/v3/thumbnails/set?videoId=" + id;
            request.body_parts = {sdk::BodyPart{{}, v.thumbnail, 0, 0}};
            request.content_type = media::sniff_mime_type(media::file_head(v.thumbnail, 16));
            request.retry_safe = true;
            api.call(request, "", "setting the thumbnail");
            api.host().info("thumbnail set (YouTube ignores custom thumbnails on Shorts)");
        } catch (const sdk::Error& e) {
            api.host().warn(std::string("the video is uploaded, but its thumbnail was not set: ") + e.what());
        }
    }
    api.host().emit(Json::object().set("id", id).set("url", "https://www.youtube.com/watch?v=" + id).set("privacy", stored));
}

}  // namespace

sdk::Capabilities youtube_capabilities() {
    return sdk::Capabilities("youtube")
        .text(5000, AGORAS_COUNT_BYTES)
        .max_media(1)
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4", "video/quicktime", "video/webm", "video/x-msvideo", "video/mpeg"})
                   .max_bytes(256ull << 30)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .requires_media();
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    return check(video_of(call, post), call.flag("made-for-kids") && call.flag("not-made-for-kids"));
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Video v = video_of(call, post);
    check(v, call.flag("made-for-kids") && call.flag("not-made-for-kids"));
    YouTubeApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    VideoSource source(call.host(), v.source, api.dry_run());
    const std::string session = start_session(api, resource_of(v), source.size(), v.notify);
    // The session is the checkpoint: a rerun asks it (the video exists only once its last byte arrived).
    if (!api.dry_run()) call.host().checkpoint(Json::object().set("session", session).set("size", static_cast<std::int64_t>(source.size())));
    const auto video = finish_upload(api, session, source);
    if (!video) throw sdk::Error(AGORAS_ERR_REMOTE, "YouTube dropped the upload session before the video was complete; nothing was published");
    if (!api.dry_run()) finish(api, v, *video);
}

Json reconcile_post(const sdk::Invocation& call, const sdk::Post& post, const Json& checkpoint) {
    const std::string session = checkpoint["session"].text();
    if (session.empty()) return Json::object().set("published", false);  // stopped before the session existed
    YouTubeApi api(call.host(), false);
    sign_in(call, api);
    const auto size = static_cast<std::uint64_t>(checkpoint["size"].integer());
    SessionState state = ask_session(api, session, size);
    if (state.gone) return Json::object().set("published", false);
    if (!state.video) {
        // Part of the video is there: send the rest into the same session rather than a second upload.
        const Video v = video_of(call, post);
        VideoSource source(call.host(), v.source, false);
        if (source.size() != size) throw sdk::Error(AGORAS_ERR_GENERIC, "YouTube: the video changed size since the interrupted upload");
        state.video = finish_upload(api, session, source);
        if (!state.video) return Json::object().set("published", false);
    }
    const std::string id = sdk::checked_server_id((*state.video)["id"].text(), "a video id", "YouTube", "-_");
    return Json::object().set("published", true).set("id", id).set("url", "https://www.youtube.com/watch?v=" + id);
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", ""});
    publish_post(call, post);
}

}  // namespace agoras::youtube
