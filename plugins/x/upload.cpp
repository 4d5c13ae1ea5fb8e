#include "upload.hpp"

#include <media.hpp>

#include <agoras/sdk/poll.hpp>

namespace agoras::x {
namespace {

constexpr std::uint64_t kChunkBytes = 4ull << 20;  // 128 chunks for the largest video, well under 1000
constexpr std::uint32_t kProcessingDeadlineMs = 15 * 60 * 1000;

std::string media_id_of(const Json& answer, const std::string& what) {
    return sdk::checked_server_id(answer["data"]["id"].text(), "a media id for " + what, "X", "");
}

// A source on disk (a URL downloaded once, bounded), sent in chunks read from the file.
struct Source {
    std::optional<media::LocalMedia> file;
    std::uint64_t size = 0;
    std::string mime_type;
};

void open_source(Source& source, const sdk::Host& host, const sdk::Media& item, const std::string& what) {
    source.file.emplace(host, item.source, kMaxVideoBytes, what);
    source.size = source.file->size();
    source.mime_type = source.file->mime_type();
    if (source.mime_type.empty() && !item.mime_type.empty()) source.mime_type = item.mime_type;
}

void add_bytes(sdk::Multipart& body, const Source& source, std::uint64_t offset, std::uint64_t length) {
    body.file_range_from_path("media", "media", "application/octet-stream", source.file->path(), offset, length);
}

// Waits while X processes the upload: pending and in_progress, polled after check_after_secs.
void wait_for_processing(XApi& api, const std::string& id, Json info, const std::string& what) {
    std::uint64_t waited = 0;
    while (info.is_object()) {
        const std::string state = info["state"].text();
        if (state == "succeeded" || state.empty()) return;
        if (state == "failed") {
            const std::string why = info["error"]["message"].text();
            throw sdk::Error(AGORAS_ERR_REMOTE, "X could not process " + what + (why.empty() ? "" : ": " + why) + "; nothing was posted");
        }
        const std::int64_t after = std::clamp<std::int64_t>(info["check_after_secs"].integer(1), 1, 60);
        if (waited >= kProcessingDeadlineMs) {
            throw sdk::Error(AGORAS_ERR_REMOTE, "X was still processing " + what + " after 15 minutes; nothing was posted");
        }
        api.host().progress("X is processing " + what + " (" + std::to_string(info["progress_percent"].integer(0)) + " %)");
        api.host().sleep_ms(static_cast<std::uint32_t>(after * 1000));
        waited += static_cast<std::uint64_t>(after) * 1000;
        XApi::Call status;
        status.path = "/2/media/upload?media_id=" + id + "&command=STATUS";
        status.doing = "checking on " + what;
        status.retry_safe = true;
        info = api.send(status).json["data"]["processing_info"];
    }
}

std::string upload_chunked(XApi& api, const Source& source, const std::string& category, const std::string& what) {
    XApi::Call init;
    init.method = "POST";
    init.path = "/2/media/upload/initialize";
    init.body.json = Json::object()
                         .set("media_type", source.mime_type)
                         .set("total_bytes", static_cast<std::int64_t>(source.size))
                         .set("media_category", category);
    init.doing = "starting the upload of " + what;
    init.retry_safe = true;  // an unused upload expires
    const XApi::Reply started = api.send(init);
    const std::string id = api.dry_run() ? api.dry_run_id() : media_id_of(started.json, what);
    const std::uint64_t chunk = std::max<std::uint64_t>(kChunkBytes, (source.size + 999) / 1000);
    int segment = 0;
    for (std::uint64_t offset = 0; offset < source.size || (source.size == 0 && segment == 0); offset += chunk, ++segment) {
        XApi::Call append;
        append.method = "POST";
        append.path = "/2/media/upload/" + id + "/append";
        sdk::Multipart body;
        body.field("segment_index", std::to_string(segment));
        if (!api.dry_run()) add_bytes(body, source, offset, std::min(chunk, source.size - offset));
        append.body.multipart = body;
        append.body.shown = "segment_index=" + std::to_string(segment) + "&media=(" +
                            std::to_string(std::min(chunk, source.size - offset)) + " bytes)";
        append.doing = "uploading " + what + " (part " + std::to_string(segment + 1) + ")";
        append.retry_safe = true;  // the same segment again replaces it
        append.timeout_ms = 600000;
        api.send(append);
        if (source.size == 0) break;
    }
    XApi::Call finalize;
    finalize.method = "POST";
    finalize.path = "/2/media/upload/" + id + "/finalize";
    finalize.doing = "finishing the upload of " + what;
    const XApi::Reply finished = api.send(finalize);
    if (!api.dry_run()) wait_for_processing(api, id, finished.json["data"]["processing_info"], what);
    return id;
}

}  // namespace

std::string media_category(const std::string& mime_type) {
    if (mime_type == "image/gif") return "tweet_gif";
    if (mime_type.rfind("video/", 0) == 0) return "tweet_video";
    return "tweet_image";
}

std::string upload_media(XApi& api, const sdk::Media& item, const std::string& what) {
    const sdk::Host& host = api.host();
    Source source;
    if (api.dry_run()) {
        source.mime_type = item.kind == AGORAS_MEDIA_VIDEO ? "video/mp4" : "image/jpeg";
        if (!media::is_url(item.source)) {
            source.size = media::file_size(item.source, what);
            source.mime_type = media::sniff_mime_type(media::file_head(item.source, 16));
        }
    } else {
        open_source(source, host, item, what);
    }
    // What a dry run cannot know without fetching: a URL's type and size.
    const bool known = !(api.dry_run() && media::is_url(item.source));
    const std::string category = media_category(source.mime_type);
    const bool video = category == "tweet_video";
    if (video != (item.kind == AGORAS_MEDIA_VIDEO) && !source.mime_type.empty()) {
        refuse(what + " is " + source.mime_type + ", not " + (item.kind == AGORAS_MEDIA_VIDEO ? "a video" : "an image"));
    }
    const std::uint64_t limit = category == "tweet_image" ? kMaxImageBytes : category == "tweet_gif" ? kMaxGifBytes : kMaxVideoBytes;
    if (source.size > limit) {
        refuse(what + " is " + std::to_string(source.size >> 20) + " MiB; X takes at most " + std::to_string(limit >> 20) +
               " MiB for " + (category == "tweet_image" ? "an image" : category == "tweet_gif" ? "a GIF" : "a video"));
    }
    if (known && category == "tweet_image" && source.mime_type != "image/jpeg" && source.mime_type != "image/png" &&
        source.mime_type != "image/webp") {
        refuse(what + " is not a JPEG, PNG, WebP or GIF image");
    }
    if (known && category == "tweet_video" && source.mime_type != "video/mp4" && source.mime_type != "video/quicktime") {
        refuse(what + " is not an MP4 or QuickTime video");
    }
    std::string id;
    if (category == "tweet_image") {
        XApi::Call upload;
        upload.method = "POST";
        upload.path = "/2/media/upload";
        sdk::Multipart body;
        if (!api.dry_run()) add_bytes(body, source, 0, source.size);
        body.field("media_category", category);
        upload.body.multipart = body;
        upload.body.shown = "media=" + item.source + "&media_category=" + category;
        upload.doing = "uploading " + what;
        upload.retry_safe = true;  // an unused upload expires
        upload.timeout_ms = 300000;
        const XApi::Reply uploaded = api.send(upload);
        id = api.dry_run() ? api.dry_run_id() : media_id_of(uploaded.json, what);
        if (!api.dry_run()) wait_for_processing(api, id, uploaded.json["data"]["processing_info"], what);
    } else {
        id = upload_chunked(api, source, category, what);
    }
    if (!item.alt_text.empty()) {
        XApi::Call alt;
        alt.method = "POST";
        alt.path = "/2/media/metadata";
        alt.body.json = Json::object().set("id", id).set("metadata", Json::object().set("alt_text", Json::object().set("text", item.alt_text)));
        alt.doing = "adding the alt text of " + what;
        alt.retry_safe = true;  // setting the same text twice
        alt.cost = "$0.005: media metadata";
        api.send(alt);
    }
    return id;
}

}  // namespace agoras::x
