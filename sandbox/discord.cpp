#include "discord.hpp"

#include "util.hpp"

#include "multipart.hpp"

#include <cpprest/json.h>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

constexpr std::size_t kMaxContent = 2000, kMaxAttachments = 10, kMaxUpload = 10u << 20;

Response discord_error(int status, const std::string& message, int code) {
    json::value body = json::value::object();
    body["message"] = json::value::string(message);
    body["code"] = json::value::number(code);
    return json_response(status, body);
}

std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

}  // namespace

Response DiscordModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    if (rate_limit_next_ > 0 || global_rate_limit_next_ > 0) {
        const bool global = global_rate_limit_next_ > 0;
        --(global ? global_rate_limit_next_ : rate_limit_next_);
        Response busy = json_response(429, Json::object()
                                               .set("message", "You are being rate limited.")
                                               .set("retry_after", Json::number_literal("0.25"))
                                               .set("global", global)
                                               .set("code", 0));
        busy.headers.emplace_back("Retry-After", "1");
        busy.headers.emplace_back("X-RateLimit-Limit", "5");
        busy.headers.emplace_back("X-RateLimit-Remaining", "0");
        busy.headers.emplace_back("X-RateLimit-Reset-After", "0.25");
        busy.headers.emplace_back("X-RateLimit-Scope", global ? "global" : "user");
        if (global) busy.headers.emplace_back("X-RateLimit-Global", "true");
        return busy;
    }
    if (server_error_next_ > 0) {
        --server_error_next_;
        return discord_error(500, "500: Internal Server Error", 0);
    }
    std::vector<std::string> parts = split(request.path);  // api, [v10], ...
    if (parts.size() > 1 && parts[1] == "v10") parts.erase(parts.begin() + 1);
    parts.erase(parts.begin());
    // The webhook: its token is its credential.
    if (!parts.empty() && parts[0] == "webhooks") {
        if (parts.size() < 3 || parts[1] != kWebhookId) return discord_error(404, "Unknown Webhook", 10015);
        if (parts[2] != kWebhookToken) return discord_error(401, "Invalid Webhook Token", 50027);
        if (parts.size() == 3 && request.method == "GET") {
            return json_response(200, Json::object()
                                          .set("type", 1)
                                          .set("id", kWebhookId)
                                          .set("name", "Sandbox Hook")
                                          .set("channel_id", kChannelId)
                                          .set("guild_id", kGuildId));
        }
        if (parts.size() == 3 && request.method == "POST") {
            Response created = create_message(request, kChannelId, "webhook");
            const auto wait = request.params.find("wait");
            if (created.status == 200 && (wait == request.params.end() || wait->second != "true")) {
                created.status = 204;  // without ?wait=true Discord answers no content: the id is lost
                created.body.clear();
            }
            return created;
        }
        if (parts.size() == 5 && parts[3] == "messages" && request.method == "DELETE") {
            return delete_message(kChannelId, parts[4], "webhook");
        }
        return discord_error(405, "405: Method Not Allowed", 0);
    }
    // The bot: authorization and a User-Agent. Discord asks for "DiscordBot ($url, $versionNumber)" but takes
    // others (crosspost's "Crosspost (…)" works), so only a missing one is refused.
    if (header(request, "Authorization") != std::string("Bot ") + kBotToken) return discord_error(401, "401: Unauthorized", 0);
    if (header(request, "User-Agent").empty()) return discord_error(400, "a User-Agent is required", 0);
    if (parts == std::vector<std::string>{"users", "@me"} && request.method == "GET") {
        return json_response(200, json::value::parse(R"({"id":"444444444444444444","username":"sandbox-bot","bot":true})"));
    }
    if (parts == std::vector<std::string>{"users", "@me", "guilds"} && request.method == "GET") {
        return json_response(200, json::value::parse(std::string(R"([{"id":")") + kGuildId + R"(","name":"Sandbox Server"}])"));
    }
    if (parts.size() == 3 && parts[0] == "guilds" && parts[2] == "channels" && request.method == "GET") {
        if (parts[1] != kGuildId) return discord_error(404, "Unknown Guild", 10004);
        return json_response(200, json::value::parse(std::string(R"([{"id":")") + kChannelId +
                                                     R"(","name":"announcements","type":5},{"id":"555555555555555555","name":"general","type":0},)"
                                                     R"({"id":"666666666666666666","name":"lounge","type":2}])"));
    }
    if (parts.size() >= 3 && parts[0] == "channels" && parts[2] == "messages") {
        const std::string& channel = parts[1];
        if (channel == "666666666666666666") return discord_error(400, "Cannot send messages in a non-text channel", 50008);
        if (channel != kChannelId && channel != "555555555555555555") return discord_error(404, "Unknown Channel", 10003);
        if (parts.size() == 3 && request.method == "POST") return create_message(request, channel, "bot");
        if (parts.size() == 4 && request.method == "DELETE") return delete_message(channel, parts[3], "bot");
    }
    return discord_error(404, "404: Not Found", 0);
}

Response DiscordModule::create_message(const Request& r, const std::string& channel_id, const std::string& via) {
    json::value payload;
    std::vector<FormPart> files;
    const std::string type = header(r, "Content-Type");
    try {
        if (type.rfind("application/json", 0) == 0) {
            payload = json::value::parse(r.body);
        } else if (type.rfind("multipart/form-data", 0) == 0) {
            const auto parts = parse_multipart(type, r.body);
            if (!parts) return discord_error(400, "Invalid Form Body", 50035);
            for (const auto& part : *parts) {
                if (part.name == "payload_json") payload = json::value::parse(part.data);
                else if (part.name.rfind("files[", 0) == 0 && part.name.back() == ']') files.push_back(part);
                else return discord_error(400, "Invalid Form Body: unexpected part " + part.name, 50035);
            }
        } else {
            return discord_error(400, "Invalid Form Body: expected JSON or multipart", 50035);
        }
    } catch (const std::exception&) {
        return discord_error(400, "Invalid Form Body: payload is not JSON", 50035);
    }
    if (!payload.is_object()) return discord_error(400, "Invalid Form Body", 50035);
    const std::string content = text_field(payload, "content");
    if (code_points(content) > kMaxContent) return discord_error(400, "Invalid Form Body: content: Must be 2000 or fewer in length.", 50035);
    if (content.empty() && files.empty()) return discord_error(400, "Cannot send an empty message", 50006);
    if (files.size() > kMaxAttachments) return discord_error(400, "Invalid Form Body: files: Must be 10 or fewer in length.", 50035);
    std::size_t total = 0;
    for (const auto& f : files) total += f.data.size();
    if (total > kMaxUpload) return discord_error(413, "Request entity too large", 40005);
    // Attachments in payload_json describe the files by their index in files[n].
    Message m{channel_id, via, content, text_field(payload, "nonce"), {}, false};
    const json::value attachments = payload.has_field("attachments") ? payload.at("attachments") : json::value::array();
    if (!attachments.is_array() || attachments.size() != files.size()) {
        return discord_error(400, "Invalid Form Body: attachments must describe every file", 50035);
    }
    for (const auto& f : files) {
        const std::string index = f.name.substr(6, f.name.size() - 7);
        bool described = false;
        for (const auto& a : attachments.as_array()) {
            const std::string id = a.has_field("id") ? (a.at("id").is_string() ? a.at("id").as_string() : a.at("id").serialize()) : "";
            if (id != index) continue;
            described = true;
            if (text_field(a, "filename") != f.filename) return discord_error(400, "Invalid Form Body: attachment filename differs", 50035);
            m.attachments.push_back({f.filename, f.content_type, text_field(a, "description"), f.data.size()});
        }
        if (!described) return discord_error(400, "Invalid Form Body: files[" + index + "] is not in attachments", 50035);
    }
    // A nonce Discord enforces returns the message it already created.
    const bool enforce = payload.has_field("enforce_nonce") && payload.at("enforce_nonce").is_boolean() && payload.at("enforce_nonce").as_bool();
    if (enforce && !m.nonce.empty()) {
        for (const auto& [id, existing] : messages_) {
            if (existing.nonce == m.nonce && existing.via == via) {
                return json_response(200, agoras::Json::object().set("id", id).set("channel_id", existing.channel_id));
            }
        }
    }
    const std::string id = std::to_string(next_id_++);
    messages_[id] = m;
    json::value body = json::value::object();
    body["id"] = json::value::string(id);
    body["channel_id"] = json::value::string(channel_id);
    body["content"] = json::value::string(content);
    body["attachments"] = json::value::array(m.attachments.size());
    for (std::size_t i = 0; i < m.attachments.size(); ++i) {
        json::value a = json::value::object();
        a["filename"] = json::value::string(m.attachments[i].filename);
        a["size"] = json::value::number(static_cast<std::uint64_t>(m.attachments[i].size));
        body["attachments"][i] = a;
    }
    return json_response(200, body);
}

Response DiscordModule::delete_message(const std::string& channel_id, const std::string& message_id, const std::string& via) {
    const auto found = messages_.find(message_id);
    if (found == messages_.end() || found->second.deleted || found->second.channel_id != channel_id ||
        (via == "webhook" && found->second.via != "webhook")) {
        return discord_error(404, "Unknown Message", 10008);
    }
    found->second.deleted = true;
    Response none;
    none.status = 204;
    return none;
}

DiscordModule::DiscordModule() {
    controls_.number("rate_limit_next", rate_limit_next_)
        .number("global_rate_limit_next", global_rate_limit_next_)
        .number("server_error_next", server_error_next_)
        .state([this] { return state(); });
}

Json DiscordModule::state() const {
    Json messages = Json::array();
    for (const auto& [id, m] : messages_) {
        Json attachments = Json::array();
        for (const auto& a : m.attachments) {
            attachments.push(Json::object()
                                 .set("filename", a.filename)
                                 .set("content_type", a.content_type)
                                 .set("description", a.description)
                                 .set("size", static_cast<unsigned long long>(a.size)));
        }
        messages.push(Json::object()
                          .set("id", id)
                          .set("channel_id", m.channel_id)
                          .set("via", m.via)
                          .set("content", m.content)
                          .set("deleted", m.deleted)
                          .set("attachments", std::move(attachments)));
    }
    return Json::object().set("messages", std::move(messages)).set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "discord",
    "a webhook at /api/webhooks/111111111111111111/SANDBOX-webhook-token-0123456789abcdefghijklmnop\n"
     "and the bot API at /api/v10 (bot token SANDBOX.bot-token.0123456789abcdefghij, server\n"
     "\"Sandbox Server\", channel \"announcements\"; controls: /_sandbox/discord/faults, /state)",
    {{"AGORAS_DISCORD_API_URL", "/api/v10"}},
    [](const SandboxOptions&) { return std::make_unique<DiscordModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
