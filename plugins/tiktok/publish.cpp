// A TikTok post: creator_info first (the privacy level must be one the creator is offered), then a video
// sent by agoras itself (FILE_UPLOAD, in the chunks TikTok's arithmetic wants, so no verified domain is
// needed) as a direct post or a draft in the inbox, or photos pulled from URLs; then status/fetch until
// TikTok says it is done or FAILED. The publish_id is checkpointed right after init.
#include "tiktok.hpp"

#include <media.hpp>
#include <text.hpp>

#include <agoras/sdk/poll.hpp>

namespace agoras::tiktok {
namespace {

constexpr std::uint64_t kMinChunk = 5ull << 20, kChunk = 10ull << 20, kMaxChunk = 64ull << 20, kMaxVideoBytes = 4ull << 30;
constexpr std::size_t kMaxCaption = 2200, kMaxPhotoTitle = 90, kMaxPhotoDescription = 4000, kMaxPhotos = 35;

struct Options {
    std::string privacy, title, description;
    bool allow_comments = false, allow_duet = false, allow_stitch = false, brand_organic = false, brand_content = false, ai = false,
         inbox = false;
};

Options options_of(const sdk::Invocation& call, const sdk::Post& post) {
    Options o;
    o.privacy = call.get_or("privacy-status", "SELF_ONLY");
    o.title = call.get_or("title", post.text);
    o.description = call.get_or("text", post.text);
    o.allow_comments = call.flag("allow-comments");
    o.allow_duet = call.flag("allow-duet");
    o.allow_stitch = call.flag("allow-stitch");
    o.brand_organic = call.flag("brand-organic");
    o.brand_content = call.flag("brand-content");
    o.ai = call.flag("ai-generated");
    o.inbox = call.flag("inbox");
    return o;
}

std::string video_of(const sdk::Post& post) {
    for (const auto& m : post.media) {
        if (m.kind == AGORAS_MEDIA_VIDEO) return m.source;
    }
    return "";
}

Json check(const Options& o, const sdk::Post& post) {
    static const std::string levels = " PUBLIC_TO_EVERYONE MUTUAL_FOLLOW_FRIENDS FOLLOWER_OF_CREATOR SELF_ONLY ";
    if (levels.find(" " + o.privacy + " ") == std::string::npos) {
        refuse("--privacy-status must be PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY, not '" + o.privacy + "'");
    }
    const std::string video = video_of(post);
    if (video.empty() && post.media.empty()) refuse("a TikTok post needs a video or photos");
    if (!video.empty() && post.media.size() > 1) refuse("a TikTok video goes alone, without photos");
    if (!video.empty()) {
        if (text::count_code_points(o.title) > kMaxCaption) refuse("the caption is over " + std::to_string(kMaxCaption) + " characters");
        if (!media::is_url(video) && media::file_size(video, "the video") == 0) refuse("the video file is empty");
        return Json::object().set("kind", "video").set("privacy", o.privacy);
    }
    if (post.media.size() > kMaxPhotos) refuse("TikTok takes at most 35 photos in a post");
    for (const auto& m : post.media) {
        if (!media::is_url(m.source)) refuse("TikTok pulls photos from URLs (on a domain verified in the developer portal), not local files");
    }
    if (text::count_code_points(o.title) > kMaxPhotoTitle) refuse("a photo post's title is at most 90 characters");
    if (text::count_code_points(o.description) > kMaxPhotoDescription) refuse("a photo post's text is at most 4000 characters");
    return Json::object().set("kind", "photo").set("privacy", o.privacy);
}

// creator_info: the levels this creator is offered, and the interactions they turned off.
Json creator_info(TikTokApi& api) {
    return api.post("/v2/post/publish/creator_info/query/", Json::object(), "reading the creator's settings", true);
}

void require_offered(const Json& info, const std::string& privacy) {
    for (const auto& level : info["privacy_level_options"].items()) {
        if (level.text() == privacy) return;
    }
    std::string offered;
    for (const auto& level : info["privacy_level_options"].items()) offered += (offered.empty() ? "" : ", ") + level.text();
    refuse("this account is not offered privacy level " + privacy + " (it is offered: " + offered + ")");
}

// TikTok's chunk arithmetic: chunks of 5-64 MB, their count the size divided by the chunk size (rounded
// down), the last one taking the remainder; a file under 5 MB in one chunk.
std::pair<std::uint64_t, std::uint64_t> chunking(std::uint64_t size) {
    if (size < kMinChunk) return {size, 1};
    const std::uint64_t chunk = std::min(kMaxChunk, std::max(kChunk, (size + 999) / 1000));
    return {chunk, std::max<std::uint64_t>(1, size / chunk)};
}

std::string content_type_of(const std::string& bytes) {
    const std::string type = media::sniff_mime_type(bytes);
    if (type == "video/mp4") return type;
    if (bytes.size() >= 12 && bytes.compare(4, 8, "ftypqt  ") == 0) return "video/quicktime";
    if (bytes.size() >= 4 && bytes.compare(0, 4, "\x1a\x45\xdf\xa3") == 0) return "video/webm";
    return "";
}

// Waits for TikTok's verdict on `publish_id`: the final status and the public post id (null while TikTok
// moderates it).
Json wait_for_status(TikTokApi& api, const std::string& publish_id) {
    Json status;
    const sdk::PollPlan plan{2000, 10000, 1.5, 20 * 60 * 1000};
    const bool done = sdk::poll_until(
        api.host(), plan,
        [&] {
            status = api.post("/v2/post/publish/status/fetch/", Json::object().set("publish_id", publish_id), "checking the post", true);
            const std::string s = status["status"].text();
            if (s == "FAILED") {
                throw sdk::Error(AGORAS_ERR_REMOTE, "TikTok could not publish it: " + status["fail_reason"].text());
            }
            return s == "PUBLISH_COMPLETE" || s == "SEND_TO_USER_INBOX";
        },
        [&](std::uint64_t) { return "TikTok is processing the post (" + status["status"].text() + ")"; });
    if (!done) throw sdk::Error(AGORAS_ERR_NETWORK, "TikTok was still processing the post after 20 minutes: its outcome is unknown");
    return status;
}

Json result_of(const std::string& publish_id, const Json& status) {
    const Json& ids = status["publicaly_available_post_id"];  // TikTok's spelling
    return Json::object().set("id", publish_id).set("status", status["status"].text())
        .set("post_id", ids.size() > 0 ? Json(ids[0].text()) : Json());
}

std::string upload_video(TikTokApi& api, const sdk::Invocation& call, const Options& o, const std::string& source) {
    // A URL is downloaded into a temporary file (agoras sends the bytes itself: no verified domain needed);
    // the chunks are sent from disk. A dry run of a URL fetches nothing.
    std::optional<media::LocalMedia> file;
    std::uint64_t size = 0;
    std::string type = "video/mp4";
    if (!api.dry_run() || !media::is_url(source)) {
        file.emplace(api.host(), source, media::is_url(source) ? kMaxVideoBytes : UINT64_MAX, "the video");
        size = file->size();
        type = content_type_of(media::file_head(file->path(), 16));
    }
    if (type.empty()) refuse("the video must be MP4, QuickTime or WebM");
    if (size > kMaxVideoBytes) refuse("the video is over 4 GB");
    const auto [chunk, count] = chunking(size);
    Json body = Json::object().set("source_info", Json::object().set("source", "FILE_UPLOAD").set("video_size", static_cast<std::int64_t>(size))
                                                      .set("chunk_size", static_cast<std::int64_t>(chunk))
                                                      .set("total_chunk_count", static_cast<std::int64_t>(count)));
    if (!o.inbox) {
        body.set("post_info", Json::object().set("title", o.title).set("privacy_level", o.privacy).set("disable_comment", !o.allow_comments)
                                  .set("disable_duet", !o.allow_duet).set("disable_stitch", !o.allow_stitch)
                                  .set("brand_organic_toggle", o.brand_organic).set("brand_content_toggle", o.brand_content).set("is_aigc", o.ai));
    }
    // Never repeated: each init makes a publish_id of its own.
    const Json started = api.post(o.inbox ? "/v2/post/publish/inbox/video/init/" : "/v2/post/publish/video/init/", body, "starting the upload", false);
    const std::string publish_id = sdk::checked_server_id(started["publish_id"].text(), "a publish_id", "TikTok", "._-~");
    if (!api.dry_run()) call.host().checkpoint(Json::object().set("publish_id", publish_id));
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t first = i * chunk, length = i + 1 == count ? size - first : chunk;
        std::vector<sdk::BodyPart> part{sdk::BodyPart{{}, file ? file->path() : source, first, length}};  // a dry run sends nothing
        api.upload_chunk(started["upload_url"].text(), std::move(part), type,
                         "bytes " + std::to_string(first) + "-" + std::to_string(first + length - 1) + "/" + std::to_string(size),
                         "uploading the video (part " + std::to_string(i + 1) + " of " + std::to_string(count) + ")");
    }
    return publish_id;
}

std::string post_photos(TikTokApi& api, const sdk::Invocation& call, const Options& o, const sdk::Post& post) {
    Json images = Json::array();
    for (const auto& m : post.media) images.push(m.source);
    Json body = Json::object()
                    .set("media_type", "PHOTO")
                    .set("post_mode", o.inbox ? "MEDIA_UPLOAD" : "DIRECT_POST")
                    .set("post_info", Json::object().set("title", o.title).set("description", o.description)
                                          .set("privacy_level", o.privacy).set("disable_comment", !o.allow_comments).set("auto_add_music", true)
                                          .set("brand_organic_toggle", o.brand_organic).set("brand_content_toggle", o.brand_content))
                    .set("source_info", Json::object().set("source", "PULL_FROM_URL").set("photo_images", images).set("photo_cover_index", 0));
    const Json started = api.post("/v2/post/publish/content/init/", body, "starting the photo post", false);
    const std::string publish_id = sdk::checked_server_id(started["publish_id"].text(), "a publish_id", "TikTok", "._-~");
    if (!api.dry_run()) call.host().checkpoint(Json::object().set("publish_id", publish_id));
    return publish_id;
}

}  // namespace

sdk::Capabilities tiktok_capabilities() {
    return sdk::Capabilities("tiktok")
        .text(static_cast<std::uint32_t>(kMaxCaption), AGORAS_COUNT_CODE_POINTS)
        .max_media(static_cast<std::uint32_t>(kMaxPhotos))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO).mime_types({"video/mp4", "video/quicktime", "video/webm"}).max_bytes(kMaxVideoBytes)
                   .duration(3, 600).per_post(1).transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE).mime_types({"image/jpeg", "image/webp"}).max_bytes(20ull << 20)
                   .per_post(static_cast<std::uint32_t>(kMaxPhotos)).transfer(AGORAS_TRANSFER_URL_PULL))
        .requires_media();
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) { return check(options_of(call, post), post); }

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Options o = options_of(call, post);
    check(o, post);
    TikTokApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    const Json info = creator_info(api);
    if (!api.dry_run()) require_offered(info, o.privacy);  // before a byte is sent
    const std::string video = video_of(post);
    const std::string publish_id = video.empty() ? post_photos(api, call, o, post) : upload_video(api, call, o, video);
    if (api.dry_run()) return;
    const Json status = wait_for_status(api, publish_id);
    if (o.privacy != "SELF_ONLY" && status["status"].text() == "PUBLISH_COMPLETE" && status["privacy_level"].text() == "SELF_ONLY") {
        call.host().warn("TikTok published it as SELF_ONLY: posts from apps that have not passed TikTok's audit are private (see docs/credentials/tiktok.md)");
    }
    call.host().emit(result_of(publish_id, status));
}

Json reconcile_post(const sdk::Invocation& call, const sdk::Post&, const Json& checkpoint) {
    const std::string publish_id = checkpoint["publish_id"].text();
    if (publish_id.empty()) return Json::object().set("published", false);  // stopped before init answered
    TikTokApi api(call.host(), false);
    sign_in(call, api);
    const Json status = api.post("/v2/post/publish/status/fetch/", Json::object().set("publish_id", publish_id), "checking the post", true);
    const std::string s = status["status"].text();
    // An upload that never finished publishes nothing; FAILED neither.
    if (s == "FAILED" || s == "PROCESSING_UPLOAD") return Json::object().set("published", false);
    const Json done = s == "PUBLISH_COMPLETE" || s == "SEND_TO_USER_INBOX" ? status : wait_for_status(api, publish_id);
    return Json::object().set("published", true).set("id", publish_id).set("url", "");
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("title", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", ""});
    publish_post(call, post);
}

void run_post(const sdk::Invocation& call) {
    sdk::Post post = sdk::post_from_options(call);
    publish_post(call, post);
}

void run_whoami(const sdk::Invocation& call) {
    TikTokApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    const Json user = api.get("/v2/user/info/?fields=open_id,display_name,username", "reading the account")["user"];
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", user["open_id"].text()).set("username", user["username"].text())
                         .set("display_name", user["display_name"].text()));
}

void run_creator_info(const sdk::Invocation& call) {
    TikTokApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    const Json info = creator_info(api);
    if (api.dry_run()) return;
    call.host().emit(Json::object()
                         .set("username", info["creator_username"].text())
                         .set("privacy_level_options", info["privacy_level_options"])
                         .set("max_video_post_duration_sec", info["max_video_post_duration_sec"].integer())
                         .set("comment_disabled", info["comment_disabled"].boolean())
                         .set("duet_disabled", info["duet_disabled"].boolean())
                         .set("stitch_disabled", info["stitch_disabled"].boolean()));
}

}  // namespace agoras::tiktok
