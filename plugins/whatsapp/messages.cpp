// WhatsApp messages to each recipient: free-form (text, image, video: local files uploaded once to
// /media, URLs sent by link) or an approved template with its components. One result line per
// recipient, "accepted" as WhatsApp means it (not delivered); a recipient that fails does not stop the
// others; a send whose answer is lost is reported unknown, never sent again.
#include "whatsapp.hpp"

#include <media.hpp>
#include <text.hpp>

namespace agoras::whatsapp {
namespace {

constexpr std::uint64_t kMaxImageBytes = 5ull << 20, kMaxVideoBytes = 16ull << 20;

struct Outcome {
    std::string recipient, status, id, error;  // status: accepted, failed, unknown
    agoras_status code = AGORAS_OK;
};

// The media part of a message: an uploaded id for a local file, a link for a URL.
Json media_object(WhatsAppApi& api, const Account& account, const sdk::Media& m, const std::string& what) {
    if (media::is_url(m.source)) {
        if (m.source.rfind("https://", 0) != 0 && m.source.rfind("http://127.0.0.1", 0) != 0 && m.source.rfind("http://[::1]", 0) != 0) {
            refuse(what + " must be an https:// URL (WhatsApp fetches it) or a local file");
        }
        return Json::object().set("link", m.source);
    }
    const bool video = m.kind == AGORAS_MEDIA_VIDEO;
    const std::uint64_t size = media::file_size(m.source, what);
    const std::string type = media::sniff_mime_type(media::file_head(m.source, 16));
    if (video ? type != "video/mp4" : (type != "image/jpeg" && type != "image/png")) {
        refuse(what + " must be " + (video ? "an MP4 video" : "a JPEG or PNG image") + " for WhatsApp");
    }
    if (size > (video ? kMaxVideoBytes : kMaxImageBytes)) {
        refuse(what + " is over WhatsApp's " + std::string(video ? "16" : "5") + " MB for " + (video ? "videos" : "images"));
    }
    sdk::Multipart body;
    body.field("messaging_product", "whatsapp");
    body.field("type", type);
    body.file_from_path("file", video ? "video.mp4" : "image", type, m.source);
    return Json::object().set("id", api.upload(account.phone_number_id, body, "messaging_product=whatsapp&type=" + type + "&file=" + m.source,
                                               "uploading " + what));
}

// The messages one recipient gets, without "to": text (with a link preview) or media with the text as
// its caption; further media captioned by their own alt text only.
std::vector<Json> messages_of(WhatsAppApi& api, const Account& account, const sdk::Post& post) {
    std::string text = post.text;
    if (post.link) text = text.empty() ? *post.link : text + "\n" + *post.link;
    std::vector<Json> out;
    const auto message = [](const std::string& type, Json body) {
        return Json::object().set("messaging_product", "whatsapp").set("recipient_type", "individual").set("type", type).set(type, std::move(body));
    };
    const bool caption_fits = text::count_code_points(text) <= kMaxCaption;
    if (post.media.empty() || !caption_fits) {
        if (!text.empty()) out.push_back(message("text", Json::object().set("body", text).set("preview_url", post.link.has_value())));
    }
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        const sdk::Media& m = post.media[i];
        const std::string kind = m.kind == AGORAS_MEDIA_VIDEO ? "video" : "image";
        Json media = media_object(api, account, m, kind + " " + std::to_string(i + 1));
        const std::string caption = i == 0 && caption_fits && !text.empty() ? text : m.alt_text;
        if (!caption.empty()) media.set("caption", caption);
        out.push_back(message(kind, media));
    }
    return out;
}

Outcome send_to(WhatsAppApi& api, const Account& account, const std::string& recipient, const std::vector<Json>& messages) {
    Outcome outcome{recipient, "accepted", "", "", AGORAS_OK};
    for (std::size_t i = 0; i < messages.size(); ++i) {
        Json message = messages[i];
        message.set("to", recipient);
        try {
            const Json answer = api.send_message(account.phone_number_id, message, "sending to +" + recipient);
            const std::string id = answer["messages"][0]["id"].text();
            if (id.empty() || id.size() > 128) throw sdk::Error(AGORAS_ERR_REMOTE, "WhatsApp accepted the message without a valid id");
            if (outcome.id.empty()) outcome.id = id;
        } catch (const sdk::Error& e) {
            // No answer: the message may have gone out; WhatsApp has no way to ask, and sending again would
            // be a second message.
            outcome.status = e.status() == AGORAS_ERR_NETWORK ? "unknown" : "failed";
            outcome.error = e.what();
            outcome.code = e.status();
            if (i > 0) outcome.error += " (after " + std::to_string(i) + " of its " + std::to_string(messages.size()) + " messages went out)";
            break;
        }
    }
    return outcome;
}

Json line_of(const Outcome& o) {
    Json line = Json::object().set("id", o.id.empty() ? Json() : Json(o.id)).set("recipient", "+" + o.recipient).set("status", o.status);
    if (!o.error.empty()) line.set("error", o.error);
    return line;
}

// Sends to every recipient and reports each; throws when any failed (AGORAS_ERR_PARTIAL when others
// were accepted).
void send_all(const sdk::Invocation& call, WhatsAppApi& api, const Account& account, const std::vector<std::string>& recipients,
              const std::vector<Json>& messages) {
    std::vector<Outcome> outcomes;
    for (const auto& recipient : recipients) outcomes.push_back(send_to(api, account, recipient, messages));
    if (api.dry_run()) return;
    std::size_t accepted = 0;
    const Outcome* first_failure = nullptr;
    for (const auto& o : outcomes) {
        call.host().emit(line_of(o));
        if (o.status == "accepted") ++accepted;
        else if (first_failure == nullptr) first_failure = &o;
    }
    if (first_failure == nullptr) return;
    if (accepted == 0 && outcomes.size() == 1) throw sdk::Error(first_failure->code, first_failure->error);
    throw sdk::Error(accepted > 0 ? AGORAS_ERR_PARTIAL : first_failure->code,
                     std::to_string(outcomes.size() - accepted) + " of " + std::to_string(outcomes.size()) +
                         " recipients did not get the message (each is reported on stdout); the first: " + first_failure->error);
}

void check_text(const sdk::Post& post) {
    const std::size_t length = text::count_code_points(post.text) + (post.link ? text::count_code_points(*post.link) + 1 : 0);
    if (length > kMaxText) refuse("the text is " + std::to_string(length) + " characters; WhatsApp allows " + std::to_string(kMaxText));
    if (post.text.empty() && !post.link && post.media.empty()) refuse("nothing to send: give a text or media");
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        if (text::count_code_points(post.media[i].alt_text) > kMaxCaption) refuse("the caption of file " + std::to_string(i + 1) + " is too long");
    }
}

}  // namespace

sdk::Capabilities whatsapp_capabilities() {
    return sdk::Capabilities("whatsapp")
        .text(static_cast<std::uint32_t>(kMaxText), AGORAS_COUNT_CODE_POINTS)
        .max_media(10)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE).mime_types({"image/jpeg", "image/png"}).max_bytes(kMaxImageBytes).per_post(10)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO).mime_types({"video/mp4"}).max_bytes(kMaxVideoBytes).per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .alt_text(static_cast<std::uint32_t>(kMaxCaption))
        .mixed_media();
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    check_text(post);
    const auto recipients = recipients_of(call.get_or("recipient", ""));
    return Json::object().set("recipients", static_cast<std::int64_t>(recipients.size()));
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    check_text(post);
    const auto recipients = recipients_of(call.get_or("recipient", ""));
    const Account account = account_of(call);
    WhatsAppApi api(call.host(), account.token, call.flag("dry-run"));
    const std::vector<Json> messages = messages_of(api, account, post);
    if (call.action() == "post" || call.action() == "video") {
        send_all(call, api, account, recipients, messages);
        return;
    }
    // From `agoras post --to`: the target is one entry of the journal, so it must never be sent again
    // once any recipient got it. Some refusals among accepted sends are reported, not failed.
    std::vector<Outcome> outcomes;
    for (const auto& recipient : recipients) outcomes.push_back(send_to(api, account, recipient, messages));
    if (api.dry_run()) return;
    const Outcome* accepted = nullptr;
    Json failed = Json::array();
    for (const auto& o : outcomes) {
        if (o.status == "accepted" && accepted == nullptr) accepted = &o;
        if (o.status != "accepted") failed.push(line_of(o));
    }
    if (accepted == nullptr) throw sdk::Error(outcomes.front().code, outcomes.front().error);
    if (failed.size() > 0) {
        call.host().warn(std::to_string(failed.size()) + " WhatsApp recipients did not get the message; it is not sent again to the others: " +
                         failed.serialize());
    }
    call.host().emit(line_of(*accepted).set("recipients", static_cast<std::int64_t>(recipients.size())).set("failed", failed));
}

void run_post(const sdk::Invocation& call) {
    sdk::Post post = sdk::post_from_options(call);
    publish_post(call, post);
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("text", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", ""});
    publish_post(call, post);
}

void run_template(const sdk::Invocation& call) {
    const auto recipients = recipients_of(call.get_or("recipient", ""));
    const std::string name = call.require("template-name"), language = call.get_or("template-language", "en");
    if (name.empty() || name.size() > 512 || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
        refuse("--template-name must be an approved template's name (lower case, digits and _), not '" + name + "'");
    }
    Json tmpl = Json::object().set("name", name).set("language", Json::object().set("code", language));
    const std::string components = call.get_or("template-components", "");
    if (!components.empty()) {
        Json parsed;
        try {
            parsed = Json::parse(components);
        } catch (const std::invalid_argument& e) {
            refuse(std::string("--template-components is not JSON: ") + e.what());
        }
        if (!parsed.is_array()) refuse("--template-components must be a JSON array of components ([{\"type\":\"body\",\"parameters\":[…]}])");
        for (const auto& component : parsed.items()) {
            if (!component.is_object() || component["type"].text().empty()) refuse("every template component needs a \"type\"");
        }
        tmpl.set("components", parsed);
    }
    const Account account = account_of(call);
    WhatsAppApi api(call.host(), account.token, call.flag("dry-run"));
    const Json message = Json::object().set("messaging_product", "whatsapp").set("recipient_type", "individual").set("type", "template")
                             .set("template", tmpl);
    send_all(call, api, account, recipients, {message});
}

}  // namespace agoras::whatsapp
