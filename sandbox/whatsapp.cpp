#include "whatsapp.hpp"

#include "multipart.hpp"
#include "util.hpp"

#include <chrono>

namespace agoras::sandbox {
namespace {

// An approved template: its language and how many parameters each component takes.
struct Template {
    const char* name;
    const char* language;
    int header_images, body_parameters;
};
constexpr Template kTemplates[] = {
    {"hello_world", "en_US", 0, 0},
    {"release_notice", "en", 0, 2},       // "Version {{1}} is out: {{2}}"
    {"launch_with_image", "en", 1, 1},    // an image header, "{{1}}"
};

Response graph_error(int http_status, int code, const std::string& message, const std::string& details = {}) {
    Json error = Json::object().set("message", message).set("type", code == 190 ? "OAuthException" : "OAuthException").set("code", code)
                     .set("fbtrace_id", "A" + random_text(22));
    if (!details.empty()) error.set("error_data", Json::object().set("messaging_product", "whatsapp").set("details", details));
    return json_response(http_status, Json::object().set("error", error));
}

bool digits_only(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

// Graph versions v23.0 and newer.
bool supported_version(const std::string& v) {
    if (v.size() < 4 || v[0] != 'v' || v.substr(v.size() - 2) != ".0" || !digits_only(v.substr(1, v.size() - 3))) return false;
    return std::stoi(v.substr(1, v.size() - 3)) >= 23;
}

}  // namespace

WhatsAppModule::WhatsAppModule() {
    controls_.number("rate_limit_next", rate_limit_next_)
        .number("drop_answer_next", drop_answer_next_)
        .number("pair_limit", pair_limit_)
        .flag("window_async", window_async_)
        .flag("token_revoked", token_revoked_)
        .clock(clock_offset_s_, [this] { return now_s(); })
        .state([this] { return state(); })
        // The user behind `number` wrote to the business `seconds_ago` seconds ago: the 24-hour window opens.
        .endpoint("POST", "user_wrote", [this](const Request& r) {
            const std::string number = param(r, "number");
            const std::string ago = param(r, "seconds_ago").empty() ? "0" : param(r, "seconds_ago");
            last_wrote_[number] = now_s() - std::stoll(ago);
            return json_response(200, Json::object().set("number", number));
        });
}

std::int64_t WhatsAppModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + clock_offset_s_;
}

Response WhatsAppModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    if (header(request, "Authorization") != std::string("Bearer ") + kToken || token_revoked_) {
        return graph_error(401, 190, "Error validating access token: The session has been invalidated because the user changed their password "
                                     "or Facebook has changed the session for security reasons.");
    }
    const std::string rest = request.path.substr(std::string(kPrefix).size() + 1);
    const std::string version = rest.substr(0, rest.find('/'));
    if (!supported_version(version)) return graph_error(400, 2635, "(#2635) You are calling a deprecated version of the Graph API.");
    return route(request, rest.substr(version.size()));
}

Response WhatsAppModule::route(const Request& r, const std::string& rest) {
    const std::string number = std::string("/") + kPhoneNumberId;
    if (rest == number && r.method == "GET") {
        return json_response(200, Json::object().set("display_phone_number", "+1 555-0100").set("verified_name", "Agoras Sandbox")
                                      .set("quality_rating", "GREEN").set("id", kPhoneNumberId));
    }
    if (rest == number + "/messages" && r.method == "POST") return send(r);
    if (rest == number + "/media" && r.method == "POST") return upload(r);
    if (rest.rfind("/", 0) == 0 && digits_only(rest.substr(1, rest.find('/', 1) - 1))) {
        return graph_error(400, 100, "(#100) Unsupported post request. Object with ID '" + rest.substr(1) + "' does not exist");
    }
    return graph_error(404, 100, "(#100) Unknown path components");
}

Response WhatsAppModule::upload(const Request& r) {
    const auto parts = parse_multipart(header(r, "Content-Type"), r.body);
    if (!parts) return graph_error(400, 100, "(#100) The parameter file is required.");
    std::string product, type;
    const FormPart* file = nullptr;
    for (const auto& part : *parts) {
        if (part.name == "messaging_product") product = part.data;
        if (part.name == "type") type = part.data;
        if (part.name == "file") file = &part;
    }
    if (product != "whatsapp") return graph_error(400, 100, "(#100) The parameter messaging_product is required.");
    if (file == nullptr || type.empty()) return graph_error(400, 100, "(#100) The parameters file and type are required.");
    const std::string actual = sniff(file->data);
    if (actual != type) return graph_error(400, 131053, "Media upload error", "the file is " + actual + ", not " + type);
    const std::size_t limit = type.rfind("image/", 0) == 0 ? 5u << 20 : 16u << 20;
    if ((type != "image/jpeg" && type != "image/png" && type != "video/mp4") || file->data.size() > limit) {
        return graph_error(400, 131053, "Media upload error", "unsupported type or over the size limit");
    }
    const std::string id = std::to_string(9000000000000000 + next_media_++);
    media_[id] = type;
    return json_response(200, Json::object().set("id", id));
}

Response WhatsAppModule::send(const Request& r) {
    Json m;
    try {
        m = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return graph_error(400, 100, "(#100) The request body is not valid JSON.");
    }
    for (const auto& [key, value] : m.members()) {
        static const std::string known = " messaging_product recipient_type to type text image video document audio template context biz_opaque_callback_data ";
        if (known.find(" " + key + " ") == std::string::npos) return graph_error(400, 100, "(#100) Param " + key + " is not a valid parameter.");
    }
    if (m["messaging_product"].text() != "whatsapp") return graph_error(400, 100, "(#100) The parameter messaging_product is required.");
    if (m.has("recipient_type") && m["recipient_type"].text() != "individual") return graph_error(400, 100, "(#100) Invalid recipient_type.");
    std::string to = m["to"].text();
    if (!to.empty() && to.front() == '+') to.erase(0, 1);  // tolerated, as the Cloud API does
    if (!digits_only(to) || to.size() < 8 || to.size() > 15) return graph_error(400, 100, "(#100) Invalid parameter: to");
    const std::string type = m["type"].text();
    static const std::string types = " text image video document audio template ";
    if (types.find(" " + type + " ") == std::string::npos || !m[type].is_object()) {
        return graph_error(400, 100, "(#100) The parameter " + type + " is required for type " + type + ".");
    }
    for (const char* other : {"text", "image", "video", "document", "audio", "template"}) {
        if (other != type && m.has(other)) return graph_error(400, 100, std::string("(#100) Unexpected parameter ") + other + " for type " + type);
    }
    if (rate_limit_next_ > 0) {
        --rate_limit_next_;
        return graph_error(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.");
    }
    std::string shown;
    const Json& object = m[type];
    if (type == "text") {
        shown = object["body"].text();
        if (shown.empty() || code_points(shown) > 4096) return graph_error(400, 100, "(#100) Param text['body'] must be 1-4096 characters.");
    } else if (type == "template") {
        const std::string name = object["name"].text(), language = object["language"]["code"].text();
        const Template* found = nullptr;
        for (const auto& t : kTemplates) {
            if (name == t.name && language == t.language) found = &t;
        }
        if (found == nullptr) {
            return graph_error(404, 132001, "(#132001) Template name does not exist in the translation",
                               "template name (" + name + ") does not exist in " + language);
        }
        int body = 0, header_images = 0;
        for (const auto& component : object["components"].items()) {
            for (const auto& parameter : component["parameters"].items()) {
                if (component["type"].text() == "body" && parameter["type"].text() == "text" && !parameter["text"].text().empty()) ++body;
                if (component["type"].text() == "header" && parameter["type"].text() == "image") ++header_images;
            }
            shown += component["type"].text() + ":" + component["parameters"].serialize() + ";";
        }
        if (body != found->body_parameters || header_images != found->header_images) {
            return graph_error(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                               "body: expected " + std::to_string(found->body_parameters) + ", received " + std::to_string(body));
        }
        shown = name + "/" + language + " " + shown;
    } else {
        const std::string id = object["id"].text(), link = object["link"].text();
        if (id.empty() == link.empty()) return graph_error(400, 100, "(#100) A media message needs exactly one of id and link.");
        if (!id.empty() && (media_.count(id) == 0 || media_[id].rfind(type == "video" ? "video/" : "image/", 0) != 0)) {
            return graph_error(400, 131053, "Media upload error", "media id " + id + " is not a " + type);
        }
        if (!link.empty() && link.rfind("https://", 0) != 0 && link.rfind("http://127.0.0.1", 0) != 0) {
            return graph_error(400, 131053, "Media upload error", "the link must be https");
        }
        if (code_points(object["caption"].text()) > 1024) return graph_error(400, 100, "(#100) The caption is over 1024 characters.");
        shown = (id.empty() ? link : "media:" + id) + (object.has("caption") ? " caption:" + object["caption"].text() : "");
    }
    // The customer-service window: free-form only within 24 hours of the user's last message.
    const auto wrote = last_wrote_.find(to);
    const bool window_open = wrote != last_wrote_.end() && now_s() - wrote->second < 24 * 3600;
    int async_error = 0;
    if (type != "template" && !window_open) {
        if (!window_async_) {
            return graph_error(400, 131047, "(#131047) Re-engagement message",
                               "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
        }
        async_error = 131047;
    }
    int recent = 0;
    for (const auto& [id, sent] : messages_) recent += sent.to == to && now_s() - sent.at < 6;
    if (recent >= pair_limit_) return graph_error(400, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit");
    const std::string wamid = "wamid.HBgL" + to + random_text(24);
    messages_.push_back({wamid, Message{to, type, shown, async_error != 0 ? "failed" : "sent", async_error, now_s()}});
    if (drop_answer_next_ > 0) {
        --drop_answer_next_;
        return graph_error(500, 2, "(#2) Service temporarily unavailable");
    }
    Json answer = Json::object().set("messaging_product", "whatsapp")
                      .set("contacts", Json::array().push(Json::object().set("input", m["to"].text()).set("wa_id", to)))
                      .set("messages", Json::array().push(type == "template" ? Json::object().set("id", wamid).set("message_status", "accepted")
                                                                             : Json::object().set("id", wamid)));
    return json_response(200, answer);
}

Json WhatsAppModule::state() const {
    Json messages = Json::array(), webhooks = Json::array();
    for (const auto& [id, m] : messages_) {
        messages.push(Json::object().set("id", id).set("to", m.to).set("type", m.type).set("body", m.body));
        Json status = Json::object().set("id", id).set("status", m.status).set("recipient_id", m.to).set("timestamp", std::to_string(m.at));
        if (m.error_code != 0) status.set("errors", Json::array().push(Json::object().set("code", m.error_code).set("title", "Re-engagement message")));
        webhooks.push(status);
    }
    return Json::object().set("messages", messages).set("webhooks", webhooks).set("uploads", static_cast<std::int64_t>(media_.size()))
        .set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "whatsapp",
    "the WhatsApp Cloud API at /whatsapp (controls: /_sandbox/whatsapp/faults, /user_wrote, /state); token\n"
    "sandbox-whatsapp-system-user-token, phone number id 106540352242922; templates hello_world/en_US, release_notice/en",
    {{"AGORAS_WHATSAPP_API_URL", "/whatsapp"}},
    [](const SandboxOptions&) { return std::make_unique<WhatsAppModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
