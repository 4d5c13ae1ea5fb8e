#include "telegram.hpp"

#include "util.hpp"

#include "multipart.hpp"

#include <cpprest/json.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

constexpr std::int64_t kDeleteWindow = 48 * 3600;
constexpr std::size_t kMaxPhoto = 10'000'000, kMaxVideo = 50'000'000;

Response bot_error(int code, const std::string& description, const json::value& parameters = json::value::null()) {
    json::value body = json::value::object();
    body["ok"] = json::value::boolean(false);
    body["error_code"] = json::value::number(code);
    body["description"] = json::value::string(description);
    if (!parameters.is_null()) body["parameters"] = parameters;
    return json_response(code, body);
}

Response bot_result(const json::value& result) {
    json::value body = json::value::object();
    body["ok"] = json::value::boolean(true);
    body["result"] = result;
    return json_response(200, body);
}

// The text as shown and "" , or "" and why the HTML cannot be parsed (Telegram's own wording).
std::pair<std::string, std::string> parse_html(const std::string& text) {
    static const std::vector<std::string> allowed = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
                                                     "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"};
    std::vector<std::string> open;
    std::string shown;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') {
            const auto end = text.find('>', i);
            if (end == std::string::npos) return {"", "Can't find end of the entity starting at byte offset " + std::to_string(i)};
            std::string tag = text.substr(i + 1, end - i - 1);
            const bool closing = !tag.empty() && tag[0] == '/';
            if (closing) tag = tag.substr(1);
            tag = tag.substr(0, tag.find(' '));
            if (std::find(allowed.begin(), allowed.end(), tag) == allowed.end()) {
                return {"", "Unsupported start tag \"" + tag + "\" at byte offset " + std::to_string(i)};
            }
            if (closing) {
                if (open.empty() || open.back() != tag) return {"", "Unexpected end tag at byte offset " + std::to_string(i)};
                open.pop_back();
            } else {
                open.push_back(tag);
            }
            i = end;
        } else if (text[i] == '&') {
            const auto end = text.find(';', i);
            if (end == std::string::npos || end - i > 10) return {"", "Unsupported entity at byte offset " + std::to_string(i)};
            shown += '?';
            i = end;
        } else {
            shown += text[i];
        }
    }
    if (!open.empty()) return {"", "Can't find end tag corresponding to start tag \"" + open.back() + "\""};
    return {shown, ""};
}

}  // namespace

std::int64_t TelegramModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + clock_offset_s_;
}

Response TelegramModule::handle(const Request& request) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    const auto slash = request.path.find('/', 4);
    if (slash == std::string::npos || request.path.substr(4, slash - 4) != kToken) return bot_error(401, "Unauthorized");
    std::string name = request.path.substr(slash + 1);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (rate_limit_next_ > 0) {
        --rate_limit_next_;
        json::value parameters = json::value::object();
        parameters["retry_after"] = json::value::number(1);
        return bot_error(429, "Too Many Requests: retry after 1", parameters);
    }
    if (server_error_next_ > 0) {
        --server_error_next_;
        return bot_error(500, "Internal Server Error");
    }
    // Parameters come from the query, a form, JSON or multipart, as the Bot API allows.
    std::map<std::string, std::string> params = request.params;
    std::map<std::string, std::string> uploads;  // multipart file parts: name -> "type:size"
    const std::string type = header(request, "Content-Type");
    if (type.rfind("application/json", 0) == 0 && !request.body.empty()) {
        const auto body = json_object_body(request);  // kept alive while its fields are read
        if (!body) return bot_error(400, "Bad Request: can't parse JSON object");
        for (const auto& [key, value] : body->as_object()) {
            params[key] = value.is_string() ? value.as_string() : value.serialize();
        }
    } else if (type.rfind("multipart/form-data", 0) == 0) {
        const auto parts = parse_multipart(type, request.body);
        if (!parts) return bot_error(400, "Bad Request: can't parse multipart/form-data body");
        for (const auto& part : *parts) {
            if (part.filename.empty()) {
                params[part.name] = part.data;
            } else {
                uploads[part.name] = sniff(part.data) + ":" + std::to_string(part.data.size());
            }
        }
    }
    Response response = method(name, request, params, uploads);
    // A slow answer after the message is sent: a client killed meanwhile never learns its id.
    if (latency_ms_ > 0 && name.rfind("send", 0) == 0) {
        const int latency = latency_ms_;
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(latency));
    }
    return response;
}

Response TelegramModule::method(const std::string& name, const Request&, std::map<std::string, std::string>& params,
                                const std::map<std::string, std::string>& uploads) {
    if (name == "getme") {
        return bot_result(json::value::parse(R"({"id":123456789,"is_bot":true,"first_name":"Sandbox Bot","username":"sandbox_bot"})"));
    }
    // Every other method names a chat.
    std::string chat = params["chat_id"];
    if (chat.empty()) return bot_error(400, "Bad Request: chat_id is empty");
    if (chat == "@sandbox_channel") chat = kChannel;
    if (chat == kMigrated) {
        json::value parameters = json::value::object();
        parameters["migrate_to_chat_id"] = json::value::number(static_cast<std::int64_t>(-1004000000000LL));
        return bot_error(400, "Bad Request: group chat was upgraded to a supergroup chat", parameters);
    }
    if (chat == kNotMember) return bot_error(403, "Forbidden: bot is not a member of the channel chat");
    if (chat != kChannel && chat != "4242") return bot_error(400, "Bad Request: chat not found");
    json::value chat_json = chat == kChannel
                                ? json::value::parse(std::string(R"({"id":)") + kChannel + R"(,"type":"channel","title":"Sandbox Channel","username":"sandbox_channel"})")
                                : json::value::parse(R"({"id":4242,"type":"private","first_name":"Alice"})");
    if (name == "getchat") return bot_result(chat_json);

    if (name == "deletemessage") {
        const auto found = messages_.find(std::atoll(params["message_id"].c_str()));
        if (found == messages_.end() || found->second.deleted || found->second.chat_id != chat) {
            return bot_error(400, "Bad Request: message to delete not found");
        }
        if (now_s() - found->second.sent_at > kDeleteWindow) return bot_error(400, "Bad Request: message can't be deleted for everyone");
        found->second.deleted = true;
        return bot_result(json::value::boolean(true));
    }

    const std::string mode = params["parse_mode"];
    if (!mode.empty() && mode != "HTML" && mode != "MarkdownV2" && mode != "Markdown") return bot_error(400, "Bad Request: unsupported parse_mode");
    // The length Telegram checks is that of the text as shown, after the markup is parsed.
    const auto shown_length = [&](const std::string& text, std::string& error) -> std::size_t {
        if (mode != "HTML") return utf16_units(text);
        const auto [shown, why] = parse_html(text);
        error = why.empty() ? "" : "Bad Request: can't parse entities: " + why;
        return utf16_units(shown);
    };
    // A file: an upload under the field itself (sendPhoto, sendVideo) or under attach://<name> (albums, and any
    // file field: grammY sends every upload that way, and Telegram takes it), or a URL.
    const auto file = [&](const std::string& field, const std::string& value, bool video, std::string& error) -> std::string {
        std::string upload;
        if (value.rfind("attach://", 0) == 0) {
            const auto found = uploads.find(value.substr(9));
            if (found == uploads.end()) { error = "Bad Request: file must be non-empty"; return ""; }
            upload = found->second;
        } else if (value.empty() && uploads.count(field) > 0) {
            upload = uploads.at(field);
        } else if (value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0) {
            return "url:" + value;
        } else {
            error = value.empty() ? "Bad Request: there is no " + field + " in the request"
                                  : "Bad Request: wrong remote file identifier specified: Wrong character in the string";
            return "";
        }
        const std::string type = upload.substr(0, upload.find(':'));
        const std::size_t size = std::stoull(upload.substr(upload.find(':') + 1));
        if (video ? type != "video/mp4" : type.rfind("image/", 0) != 0) { error = "Bad Request: wrong file type: " + type; return ""; }
        if (size > (video ? kMaxVideo : kMaxPhoto)) { error = "Bad Request: file is too big"; return ""; }
        return "upload:" + type + ":" + std::to_string(size);
    };
    const auto store = [&](Message m) {
        m.chat_id = chat;
        m.sent_at = now_s();
        const std::int64_t id = next_message_id_++;
        json::value out = json::value::object();
        out["message_id"] = json::value::number(id);
        out["date"] = json::value::number(m.sent_at);
        out["chat"] = chat_json;
        if (!m.text.empty()) out[m.kind == "text" ? "text" : "caption"] = json::value::string(m.text);
        if (!m.media_group_id.empty()) out["media_group_id"] = json::value::string(m.media_group_id);
        messages_[id] = std::move(m);
        return out;
    };

    std::string error;
    if (name == "sendmessage") {
        const std::string text = params["text"];
        const std::size_t length = shown_length(text, error);
        if (!error.empty()) return bot_error(400, error);
        if (length == 0) return bot_error(400, "Bad Request: message text is empty");
        if (length > 4096) return bot_error(400, "Bad Request: message is too long");
        return bot_result(store(Message{"", "text", text, "", {}, 0, false}));
    }
    if (name == "sendphoto" || name == "sendvideo") {
        const bool video = name == "sendvideo";
        const std::string field = video ? "video" : "photo";
        const std::string caption = params["caption"];
        if (shown_length(caption, error) > 1024) return bot_error(400, "Bad Request: message caption is too long");
        if (!error.empty()) return bot_error(400, error);
        const std::string f = file(field, params[field], video, error);
        if (!error.empty()) return bot_error(400, error);
        return bot_result(store(Message{"", field, caption, "", {f}, 0, false}));
    }
    if (name == "sendmediagroup") {
        json::value media;
        try {
            media = json::value::parse(params["media"]);
        } catch (const std::exception&) {
            return bot_error(400, "Bad Request: can't parse media JSON object");
        }
        if (!media.is_array()) return bot_error(400, "Bad Request: can't parse media JSON object");
        const std::size_t n = media.as_array().size();
        if (n < 2 || n > 10) return bot_error(400, "Bad Request: wrong number of media specified (2-10)");
        const std::string group = std::to_string(13000000000000000LL + next_message_id_);
        json::value result = json::value::array(n);
        std::vector<Message> staged;
        for (std::size_t i = 0; i < n; ++i) {
            const auto& item = media.as_array().at(i);
            const std::string kind = item.has_field("type") && item.at("type").is_string() ? item.at("type").as_string() : "";
            if (kind != "photo" && kind != "video") return bot_error(400, "Bad Request: unsupported media type \"" + kind + "\"");
            const std::string caption = item.has_field("caption") && item.at("caption").is_string() ? item.at("caption").as_string() : "";
            if (utf16_units(caption) > 1024) return bot_error(400, "Bad Request: message caption is too long");
            const std::string value = item.has_field("media") && item.at("media").is_string() ? item.at("media").as_string() : "";
            const std::string f = file("media", value, kind == "video", error);
            if (!error.empty()) return bot_error(400, error);
            staged.push_back(Message{"", kind, caption, group, {f}, 0, false});
        }
        for (std::size_t i = 0; i < n; ++i) result[i] = store(std::move(staged[i]));
        return bot_result(result);
    }
    return bot_error(404, "Not Found: method not found");
}

TelegramModule::TelegramModule() {
    controls_.number("rate_limit_next", rate_limit_next_)
        .number("server_error_next", server_error_next_)
        .number("latency_ms", latency_ms_)
        .clock(clock_offset_s_, [this] { return now_s(); })
        .state([this] { return state(); });
}

Json TelegramModule::state() const {
    Json messages = Json::array();
    for (const auto& [id, m] : messages_) {
        messages.push(Json::object()
                          .set("message_id", static_cast<long long>(id))
                          .set("chat_id", m.chat_id)
                          .set("kind", m.kind)
                          .set("text", m.text)
                          .set("media_group_id", m.media_group_id)
                          .set("deleted", m.deleted)
                          .set("files", Json::array_of(m.files)));
    }
    return Json::object().set("messages", std::move(messages)).set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "telegram",
    "the Bot API at /bot<token>/<method> (controls: /_sandbox/telegram/faults, /clock, /state); bot\n"
     "token 123456789:SANDBOX-telegram-bot-token, chats -1001234567890 (@sandbox_channel) and 4242",
    {{"AGORAS_TELEGRAM_API_URL", ""}},
    [](const SandboxOptions&) { return std::make_unique<TelegramModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
