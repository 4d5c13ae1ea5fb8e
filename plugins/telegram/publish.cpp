// A Telegram message from a typed post: text, a photo, an album or a video, uploaded from files or
// named by URL, within Telegram's limits.
#include "bot_api.hpp"
#include "session.hpp"
#include "telegram.hpp"
#include "text.hpp"

#include <media.hpp>

namespace agoras::telegram {
namespace {

bool add_upload(const sdk::Media& m, const std::string& name, sdk::Multipart& body) {
    if (media::is_url(m.source)) return false;
    const std::string filename = m.source.substr(m.source.find_last_of('/') + 1);
    body.file_from_path(name, filename.empty() ? name : filename, media::sniff_mime_type(media::file_head(m.source, 16)), m.source);
    return true;
}

Json emit_message(const sdk::Invocation& call, const Account& a, const Json& result) {
    const Json& first = result.is_array() ? result[0] : result;
    const std::string id = sdk::checked_server_id(first["message_id"].text(), "a message id", "Telegram", "");
    Json out = Json::object().set("id", id).set("chat_id", a.chat_id);
    const std::string url = message_url(a, id);
    if (!url.empty()) out.set("url", url);
    if (result.is_array() && result.size() > 1) {
        Json ids = Json::array();
        for (const auto& m : result.items()) ids.push(sdk::checked_server_id(m["message_id"].text(), "a message id", "Telegram", ""));
        out.set("message_ids", ids);
    }
    call.host().emit(out);
    return out;
}

}  // namespace

sdk::Capabilities telegram_capabilities() {
    return sdk::Capabilities("telegram")
        .text(static_cast<std::uint32_t>(kMaxText), AGORAS_COUNT_UTF16)
        .max_media(kMaxAlbum)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png", "image/webp"})
                   .max_bytes(kMaxPhotoBytes)
                   .per_post(kMaxAlbum)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4"})
                   .max_bytes(kMaxVideoBytes)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES));
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    const std::string mode = parse_mode_of(call, &post);
    const std::string text = join_text_and_link(post, mode);
    const std::size_t length = visible_length(text, mode);
    std::size_t images = 0, videos = 0;
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        const sdk::Media& m = post.media[i];
        const bool video = m.kind == AGORAS_MEDIA_VIDEO;
        (video ? videos : images) += 1;
        if (media::is_url(m.source)) continue;
        const std::string what = (video ? "video " : "image ") + std::to_string(i + 1);
        const std::uint64_t size = media::file_size(m.source, what);
        if (size > (video ? kMaxVideoBytes : kMaxPhotoBytes)) {
            refuse(what + " is over " + std::string(video ? "50" : "10") + " MB, the most a bot may send");
        }
        const std::string type = media::sniff_mime_type(media::file_head(m.source, 16));
        if (video ? type != "video/mp4" : type != "image/jpeg" && type != "image/png" && type != "image/webp") {
            refuse(what + " '" + m.source + "' is not " + (video ? "an MP4 video" : "a JPEG, PNG or WebP image"));
        }
    }
    if (videos > 1 || (videos == 1 && images > 0)) refuse("one video per message, without images");
    if (images > kMaxAlbum) refuse(std::to_string(images) + " images; an album holds at most " + std::to_string(kMaxAlbum));
    const std::size_t limit = post.media.empty() ? kMaxText : kMaxCaption;
    if (length > limit) {
        refuse((post.media.empty() ? "the text is " : "the caption is ") + std::to_string(length) +
               " characters long; Telegram allows " + std::to_string(limit) + (post.media.empty() ? "" : " with media"));
    }
    if (text.empty() && post.media.empty()) refuse("nothing to send: give a text or an image");
    account_of(call);  // credentials too, so that `post --to` stops before anything is sent anywhere
    return Json::object()
        .set("method", videos ? "sendVideo" : images == 0 ? "sendMessage" : images == 1 ? "sendPhoto" : "sendMediaGroup")
        .set("text", text);
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Json adapted = validate_post(call, post);
    const std::string mode = parse_mode_of(call, &post);
    const Account a = account_of(call);
    BotApi api(call.host(), a.token, call.flag("dry-run"));
    const std::string method = adapted["method"].text(), text = adapted["text"].text();
    sdk::Params params{{"chat_id", a.chat_id}};
    Json result;
    if (method == "sendMessage") {
        params.emplace_back("text", text);
        add_parse_mode(params, mode);
        result = api.call(method, params, "sending the message");
    } else if (method == "sendMediaGroup") {
        sdk::Multipart body;
        Json items = Json::array();
        for (std::size_t i = 0; i < post.media.size(); ++i) {
            // An album's uploads are named by attach://<part>.
            const std::string part = "photo" + std::to_string(i + 1);
            Json item = Json::object().set("type", "photo").set("media", add_upload(post.media[i], part, body)
                                                                              ? "attach://" + part
                                                                              : post.media[i].source);
            if (i == 0 && !text.empty()) {  // the album's caption is its first item's
                item.set("caption", text);
                if (mode != "none") item.set("parse_mode", mode);
            }
            items.push(std::move(item));
        }
        params.emplace_back("media", items.serialize());
        for (const auto& [name, value] : params) body.field(name, value);
        result = api.call(method, body, params, "sending the album");
    } else {
        const bool video = method == "sendVideo";
        sdk::Multipart body;
        // A single photo or video is uploaded as the field itself, or named by its URL.
        const std::string field = video ? "video" : "photo";
        if (!add_upload(post.media.front(), field, body)) params.emplace_back(field, post.media.front().source);
        if (!text.empty()) {
            params.emplace_back("caption", text);
            add_parse_mode(params, mode);
        }
        if (video) params.emplace_back("supports_streaming", "true");
        for (const auto& [name, value] : params) body.field(name, value);
        result = api.call(method, body, params, video ? "sending the video" : "sending the photo");
    }
    if (!api.dry_run()) emit_message(call, a, result);
}

}  // namespace agoras::telegram
