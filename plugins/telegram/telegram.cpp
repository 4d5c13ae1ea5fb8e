#include "telegram.hpp"

#include "bot_api.hpp"

#include <media.hpp>

#include <algorithm>

namespace agoras::telegram {
namespace {

[[noreturn]] void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Telegram: " + message); }

struct Account {
    std::string token, chat_id, chat_username;
};

// A chat's vault identifier: its id, with "chat" before a negative one (identifiers start with no '-').
std::string identifier_of(const std::string& chat_id) { return chat_id.rfind('-', 0) == 0 ? "chat" + chat_id : chat_id; }

// --bot-token/TELEGRAM_BOT_TOKEN and --chat-id/TELEGRAM_CHAT_ID, else the vault's default chat.
Account account_of(const sdk::Invocation& call) {
    Account a{call.get_or("bot-token", ""), call.get_or("chat-id", ""), ""};
    if (!a.token.empty() && !a.chat_id.empty()) return a;
    const sdk::Host& host = call.host();
    const std::string identifier = a.chat_id.empty() ? host.vault_default() : identifier_of(a.chat_id);
    if (!identifier.empty()) {
        if (const auto stored = host.vault_get(identifier)) {
            const Json record = Json::parse(*stored);
            if (a.token.empty()) a.token = record["bot_token"].text();
            a.chat_id = record["chat_id"].text();
            a.chat_username = record["chat_username"].text();
        }
    }
    if (a.token.empty() || a.chat_id.empty()) {
        if (call.flag("dry-run")) return {a.token.empty() ? "BOT_TOKEN" : a.token, a.chat_id.empty() ? "CHAT_ID" : a.chat_id, ""};
        throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: give --bot-token and --chat-id (TELEGRAM_BOT_TOKEN, "
                                          "TELEGRAM_CHAT_ID), or run 'agoras telegram authorize' first");
    }
    return a;
}

std::string parse_mode_of(const sdk::Invocation& call, const sdk::Post* post = nullptr) {
    std::string mode = call.get_or("parse-mode", "HTML");
    if (post != nullptr) mode = post->extra("parse-mode").value_or(mode);
    static const std::vector<std::string> allowed = {"HTML", "MarkdownV2", "Markdown", "none"};
    if (std::find(allowed.begin(), allowed.end(), mode) == allowed.end()) {
        refuse("--parse-mode must be HTML, MarkdownV2, Markdown or none, not '" + mode + "'");
    }
    return mode;
}

void add_parse_mode(sdk::Params& params, const std::string& mode) {
    if (mode != "none") params.emplace_back("parse_mode", mode);
}

std::size_t utf16_units(const std::string& text) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte
        units += c >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs in UTF-16
    }
    return units;
}

// A message's URL: public chats by username, private supergroups and channels by their id.
std::string message_url(const Account& a, const std::string& message_id) {
    if (!a.chat_username.empty()) return "https://t.me/" + a.chat_username + "/" + message_id;
    if (a.chat_id.rfind('@', 0) == 0) return "https://t.me/" + a.chat_id.substr(1) + "/" + message_id;
    if (a.chat_id.rfind("-100", 0) == 0) return "https://t.me/c/" + a.chat_id.substr(4) + "/" + message_id;
    return "";
}

// With parse mode HTML, Telegram refuses a '&' or '<' that is not markup ("can't parse entities"): a
// plain title such as "Q&A" would fail. Those are escaped; tags and entities are kept as they are.
std::string escape_stray_html(const std::string& text) {
    static const std::vector<std::string> tags = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a",
                                                  "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"};
    std::string out;
    bool in_tag = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_tag) {
            out += c;
            in_tag = c != '>';
        } else if (c == '&') {
            const auto end = text.find(';', i);
            bool entity = end != std::string::npos && end - i >= 3 && end - i <= 10;
            for (std::size_t k = i + 1; entity && k < end; ++k) {
                entity = std::isalnum(static_cast<unsigned char>(text[k])) || (k == i + 1 && text[k] == '#');
            }
            out += entity ? "&" : "&amp;";
        } else if (c == '<') {
            const auto end = text.find('>', i);
            std::string name = end == std::string::npos ? "" : text.substr(i + 1, end - i - 1);
            if (!name.empty() && name[0] == '/') name.erase(0, 1);
            name = name.substr(0, name.find(' '));
            in_tag = std::find(tags.begin(), tags.end(), name) != tags.end();
            out += in_tag ? "<" : "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else {
            out += c;
        }
    }
    return out;
}

std::string join_text_and_link(const sdk::Post& post, const std::string& mode) {
    const std::string text = !post.link ? post.text : post.text.empty() ? *post.link : post.text + "\n" + *post.link;
    return mode == "HTML" ? escape_stray_html(text) : text;
}

// Adds a local file to `body` as the part `name`; a URL is left for Telegram to fetch. Returns whether
// it was added.
bool add_upload(const sdk::Media& m, const std::string& name, sdk::Multipart& body) {
    if (media::is_url(m.source)) return false;
    const std::string filename = m.source.substr(m.source.find_last_of('/') + 1);
    body.file_from_path(name, filename.empty() ? name : filename, media::sniff_mime_type(media::file_head(m.source, 16)), m.source);
    return true;
}

Json emit_message(const sdk::Invocation& call, const Account& a, const Json& result) {
    const Json& first = result.is_array() ? result[0] : result;
    const std::string id = first["message_id"].text();
    Json out = Json::object().set("id", id).set("chat_id", a.chat_id);
    const std::string url = message_url(a, id);
    if (!url.empty()) out.set("url", url);
    if (result.is_array() && result.size() > 1) {
        Json ids = Json::array();
        for (const auto& m : result.items()) ids.push(m["message_id"].text());
        out.set("message_ids", ids);
    }
    call.host().emit(out);
    return out;
}

}  // namespace

std::size_t visible_length(const std::string& text, const std::string& parse_mode) {
    if (parse_mode != "HTML") return utf16_units(text);
    std::string shown;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') {
            const auto end = text.find('>', i);
            if (end == std::string::npos) break;
            i = end;
        } else if (text[i] == '&') {
            const auto end = text.find(';', i);
            if (end != std::string::npos && end - i <= 10) {
                shown += '?';  // one character: &amp; &lt; &#128512; ... (an astral one counts once; close enough)
                i = end;
            } else {
                shown += '&';
            }
        } else {
            shown += text[i];
        }
    }
    return utf16_units(shown);
}

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

void run_authorize(const sdk::Invocation& call) {
    const std::string token = call.require("bot-token"), chat_id = call.require("chat-id");
    BotApi api(call.host(), token, call.flag("dry-run"));
    const Json me = api.call("getMe", {}, "checking the bot token");
    const Json chat = api.call("getChat", {{"chat_id", chat_id}}, "checking the chat");
    if (api.dry_run()) return;
    // A chat given as @username is stored by its numeric id (what the API returns), which never changes.
    const std::string id = chat["id"].text().empty() ? chat_id : chat["id"].text();
    Json record = Json::object()
                      .set("bot_token", token)
                      .set("chat_id", id)
                      .set("bot_username", me["username"].text())
                      .set("chat_title", chat["title"].text().empty() ? chat["first_name"].text() : chat["title"].text());
    if (!chat["username"].text().empty()) record.set("chat_username", chat["username"].text());
    call.host().vault_put(identifier_of(id), record.serialize());
    call.host().vault_set_default(identifier_of(id));
    call.host().emit(Json::object()
                         .set("id", id)
                         .set("bot", me["username"].text())
                         .set("chat", record["chat_title"].text())
                         .set("chat_type", chat["type"].text())
                         .set("authorized", true));
}

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("video-title", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "video/mp4", ""});
    publish_post(call, post);
}

void run_delete(const sdk::Invocation& call) {
    const std::string id = call.require("post-id");
    if (id.empty() || id.size() > 12 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        refuse("--post-id must be a message id (digits), not '" + id + "'");
    }
    const Account a = account_of(call);
    BotApi api(call.host(), a.token, call.flag("dry-run"));
    api.call("deleteMessage", {{"chat_id", a.chat_id}, {"message_id", id}}, "deleting message " + id);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", id).set("chat_id", a.chat_id).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    const Account a = account_of(call);
    BotApi api(call.host(), a.token, call.flag("dry-run"));
    const Json me = api.call("getMe", {}, "reading the bot");
    if (api.dry_run()) return;
    call.host().emit(Json::object()
                         .set("id", me["id"].text())
                         .set("username", me["username"].text())
                         .set("name", me["first_name"].text())
                         .set("chat_id", a.chat_id));
}

}  // namespace agoras::telegram
