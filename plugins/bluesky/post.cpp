#include "post.hpp"

#include "image_prep.hpp"
#include <link_preview.hpp>
#include "records.hpp"
#include "richtext.hpp"
#include "session.hpp"

#include <media.hpp>

#include <agoras/sdk/language_tag.hpp>

#include <map>

namespace agoras::bluesky {
namespace {

using media::file_head;
using media::file_size;
using media::is_url;
using media::load_media;
using media::sniff_mime_type;

[[noreturn]] void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Bluesky: " + message); }

std::size_t count_kind(const sdk::Post& post, agoras_media_kind kind) {
    std::size_t n = 0;
    for (const auto& m : post.media) n += m.kind == kind ? 1 : 0;
    return n;
}

// At most `max` bytes of `text`, cut on a character boundary.
std::string clip(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end) + "…";
}

// A local file is checked before anything is sent anywhere (a URL is fetched only when posting).
void check_media_file(const sdk::Media& m, std::size_t index) {
    const bool video = m.kind == AGORAS_MEDIA_VIDEO;
    const std::string what = (video ? "video " : "image ") + std::to_string(index);
    if (m.source.empty()) refuse(what + " has no source");
    if (is_url(m.source)) return;
    file_size(m.source, what);
    const std::string type = sniff_mime_type(file_head(m.source, 16));
    if (video ? type != "video/mp4" : type != "image/jpeg" && type != "image/png") {
        refuse(what + " '" + m.source + "' is " + (type.empty() ? "of an unknown type" : type) + "; Bluesky takes " +
               (video ? "MP4 videos" : "JPEG and PNG images") + " here");
    }
}

Json facets_of(Xrpc& xrpc, const std::string& text) {
    Json facets = Json::array();
    std::map<std::string, std::string> dids;
    for (const auto& f : find_facets(text)) {
        Json feature = Json::object();
        if (f.kind == FacetCandidate::Kind::link) {
            feature.set("$type", "app.bsky.richtext.facet#link").set("uri", f.value);
        } else if (f.kind == FacetCandidate::Kind::tag) {
            feature.set("$type", "app.bsky.richtext.facet#tag").set("tag", f.value);
        } else {
            if (!dids.count(f.value)) dids[f.value] = xrpc.dry_run() ? "did:plc:dryrun" : resolve_handle(xrpc, f.value);
            if (dids[f.value].empty()) continue;  // an unknown handle stays plain text
            feature.set("$type", "app.bsky.richtext.facet#mention").set("did", dids[f.value]);
        }
        facets.push(Json::object()
                        .set("index", Json::object().set("byteStart", f.byte_start).set("byteEnd", f.byte_end))
                        .set("features", Json::array().push(std::move(feature))));
    }
    return facets;
}

Json aspect_ratio(int width, int height) { return Json::object().set("width", width).set("height", height); }

Json upload_image(Xrpc& xrpc, const sdk::Host& host, const std::string& source, std::size_t max_bytes,
                  const std::string& what, int* width = nullptr, int* height = nullptr,
                  std::uint64_t source_max_bytes = kSourceMaxBytes) {
    // A dry run prepares local files (which checks them) but fetches nothing.
    if (xrpc.dry_run() && is_url(source)) return xrpc.upload_blob("", "", 0, "image/*", "uploading " + what);
    const PreparedImage image = prepare_image(load_media(host, source, source_max_bytes, what), max_bytes, what);
    if (width != nullptr) *width = image.width;
    if (height != nullptr) *height = image.height;
    return xrpc.upload_blob(image.bytes, "", image.bytes.size(), image.mime_type, "uploading " + what);
}

Json images_embed(Xrpc& xrpc, const sdk::Host& host, const std::vector<sdk::Media>& media) {
    Json images = Json::array();
    for (std::size_t i = 0; i < media.size(); ++i) {
        int width = 0, height = 0;
        const std::string what = "image " + std::to_string(i + 1);
        Json item = Json::object()
                        .set("alt", media[i].alt_text)
                        .set("image", upload_image(xrpc, host, media[i].source, kImageMaxBytes, what, &width, &height));
        if (width > 0 && height > 0) item.set("aspectRatio", aspect_ratio(width, height));
        images.push(std::move(item));
    }
    return Json::object().set("$type", "app.bsky.embed.images").set("images", std::move(images));
}

Json video_embed(Xrpc& xrpc, const sdk::Host& host, const sdk::Media& video) {
    const std::string what = "the video";
    Json blob;
    if (xrpc.dry_run()) {
        blob = xrpc.upload_blob("", "", 0, "video/mp4", "uploading " + what);
    } else if (is_url(video.source)) {  // downloaded into a temporary file, uploaded from there
        const media::LocalMedia file(host, video.source, kVideoMaxBytes, what);
        if (file.mime_type() != "video/mp4") refuse(what + " is not an MP4 file");
        blob = xrpc.upload_blob("", file.path(), file.size(), "video/mp4", "uploading " + what);
    } else {
        const std::uint64_t size = file_size(video.source, what);
        if (size > kVideoMaxBytes) refuse(what + " is over 50 MB, the most a Bluesky server takes as one upload");
        blob = xrpc.upload_blob("", video.source, size, "video/mp4", "uploading " + what);
    }
    Json embed = Json::object().set("$type", "app.bsky.embed.video").set("video", blob);
    if (!video.alt_text.empty()) embed.set("alt", video.alt_text);
    return embed;
}

// A card for `url`: the page's title, description and image; the URL alone (and a warning) when the
// page cannot be read, because the post matters more than its card.
Json card_embed(Xrpc& xrpc, const sdk::Host& host, const std::string& url) {
    Json external = Json::object().set("uri", url).set("title", url).set("description", "");
    if (xrpc.dry_run()) {
        host.emit(Json::object().set("dry_run", true).set("method", "GET").set("url", url));
    } else {
        link_preview::PageMeta meta;
        try {
            meta = link_preview::read_page_meta(host, url);
        } catch (const sdk::Error& e) {
            host.warn("could not read " + url + " for its link card (" + e.what() + "); the card shows the URL alone");
        }
        if (!meta.title.empty()) external.set("title", clip(meta.title, 300));
        external.set("description", clip(meta.description, 1000));
        if (!meta.image_url.empty()) {
            try {
                // Read no more of it than a card's picture may be.
                external.set("thumb", upload_image(xrpc, host, meta.image_url, kThumbMaxBytes, "the card's image", nullptr,
                                                   nullptr, kCardSourceMaxBytes));
            } catch (const sdk::Error& e) {
                if (e.status() == AGORAS_ERR_AUTH) throw;
                host.warn("the link card goes without its image (" + std::string(e.what()) + ")");
            }
        }
    }
    return Json::object().set("$type", "app.bsky.embed.external").set("external", std::move(external));
}

Json strong_ref(const StoredRecord& r) { return Json::object().set("uri", r.uri).set("cid", r.cid); }

// The reply field for an answer to `parent_id`: its parent is that post, its root the thread's root.
Json reply_ref(Xrpc& xrpc, const std::string& parent_id) {
    const RecordName name = with_did(xrpc, parse_record_name(parent_id, "post-id"));
    if (name.collection != kPostCollection) refuse("--post-id must name a post, not a " + name.collection + " record");
    const StoredRecord parent = get_record(xrpc, name, "post");
    const Json& root = parent.value["reply"]["root"];
    return Json::object()
        .set("root", root.is_object() ? Json::object().set("uri", root["uri"]).set("cid", root["cid"]) : strong_ref(parent))
        .set("parent", strong_ref(parent));
}

}  // namespace

sdk::Capabilities bluesky_capabilities() {
    return sdk::Capabilities("bluesky")
        .text(static_cast<std::uint32_t>(kMaxTextGraphemes), AGORAS_COUNT_GRAPHEMES)
        .max_media(kMaxImages)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png"})
                   .max_bytes(kSourceMaxBytes)
                   .per_post(kMaxImages)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4"})
                   .max_bytes(kVideoMaxBytes)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .link_card();
}

std::string text_of(const sdk::Post& post) {
    if (!post.link || post.media.empty()) return post.text;
    return post.text.empty() ? *post.link : post.text + " " + *post.link;
}

Json validate_post(const sdk::Post& post) {
    const std::string text = text_of(post);
    check_post_text(text, "the text");
    const std::size_t images = count_kind(post, AGORAS_MEDIA_IMAGE), videos = count_kind(post, AGORAS_MEDIA_VIDEO);
    if (images > kMaxImages) refuse(std::to_string(images) + " images; a post holds at most " + std::to_string(kMaxImages));
    if (videos > 1) refuse("one video per post");
    if (videos == 1 && images > 0) refuse("a video and images in one post are not possible; post them separately");
    if (text.empty() && post.media.empty() && !post.link) refuse("nothing to post: give a text, a link or an image");
    if (post.link && !is_url(*post.link)) refuse("--link must be an http:// or https:// URL, not '" + *post.link + "'");
    for (std::size_t i = 0; i < post.media.size(); ++i) check_media_file(post.media[i], i + 1);
    if (post.reply_to) parse_record_name(*post.reply_to, "post-id");
    if (post.language) sdk::require_language_tag(*post.language);
    Json adapted = Json::object().set("text", text);
    adapted.set("embed", videos ? "video" : images ? "images" : post.link ? "external" : "none");
    return adapted;
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Json adapted = validate_post(post);
    const sdk::Host& host = call.host();
    Xrpc xrpc(host, kDefaultService, call.flag("dry-run"));
    const Session session = open_session(call, xrpc);

    const std::string text = adapted["text"].text();
    Json record = Json::object().set("$type", kPostCollection).set("text", text);
    const Json facets = facets_of(xrpc, text);
    if (facets.size() > 0) record.set("facets", facets);
    if (post.reply_to) record.set("reply", reply_ref(xrpc, *post.reply_to));
    const std::string embed = adapted["embed"].text();
    if (embed == "images") record.set("embed", images_embed(xrpc, host, post.media));
    if (embed == "video") record.set("embed", video_embed(xrpc, host, post.media.front()));
    if (embed == "external") record.set("embed", card_embed(xrpc, host, *post.link));
    if (post.language) record.set("langs", Json::array().push(*post.language));
    record.set("createdAt", record_timestamp(host));

    const RecordName name{session.did, kPostCollection, new_record_key(host)};
    // How far it got, for reconcile after an interrupted run: the key the post is created under.
    host.checkpoint(Json::object().set("repo", name.repo).set("rkey", name.rkey));
    const StoredRecord created = create_record(xrpc, host, name, record, post.reply_to ? "replying" : "posting");
    if (xrpc.dry_run()) return;
    Json result = Json::object().set("id", created.uri).set("cid", created.cid).set("url", post_url(session.handle, name));
    if (post.reply_to) result.set("reply_to", *post.reply_to);
    host.emit(result);
}

Json reconcile_post(const sdk::Invocation& call, const Json& checkpoint) {
    const std::string repo = checkpoint["repo"].text(), rkey = checkpoint["rkey"].text();
    if (repo.empty() || rkey.empty()) return Json::object().set("published", false);
    Xrpc xrpc(call.host(), kDefaultService, false);
    const Session session = open_session(call, xrpc);
    const RecordName name{repo, kPostCollection, rkey};
    const auto found = find_record(xrpc, name);
    if (!found) return Json::object().set("published", false);
    return Json::object().set("published", true).set("id", found->uri).set("url", post_url(session.handle, name));
}

}  // namespace agoras::bluesky
