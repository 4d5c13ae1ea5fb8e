#include "api.hpp"

#include <graph_error.hpp>

#include <agoras/sdk/http.hpp>
#include <agoras/sdk/url.hpp>

namespace agoras::whatsapp {

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "WhatsApp: " + message); }

sdk::Error whatsapp_error(int status, const std::string& body, const std::string& doing) {
    const auto error = meta::parse_graph_error(status, body);
    const int code = error ? error->code : 0;
    std::string words = error ? error->message : "HTTP " + std::to_string(status);
    Json details;
    try {
        details = Json::parse(body)["error"]["error_data"]["details"];
    } catch (const std::invalid_argument&) {
    }
    if (!details.text().empty() && details.text() != words) words += " (" + details.text() + ")";
    if (words.size() > 400) words.resize(400);
    const std::string said = "WhatsApp: " + words + " [code " + std::to_string(code) + ", HTTP " + std::to_string(status) + "] while " + doing;
    if (code == 190 || status == 401) {
        return sdk::Error(AGORAS_ERR_AUTH, said + "; run 'agoras whatsapp authorize --access-token T --phone-number-id ID' "
                                                 "(or check WHATSAPP_ACCESS_TOKEN)");
    }
    if (code == 131047) {
        return sdk::Error(AGORAS_ERR_REMOTE, said + "; more than 24 hours have passed since the recipient last wrote: only an "
                                                    "approved template reaches them now (agoras whatsapp template)");
    }
    if (code == 130429 || code == 131048 || code == 131056 || code == 80007 || code == 1 || code == 2 || status == 429) {
        return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; try again later");
    }
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

WhatsAppApi::WhatsAppApi(const sdk::Host& host, std::string token, bool dry_run)
    : host_(host), token_(std::move(token)), base_(kApiUrl.value()), dry_run_(dry_run) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
    host_.register_secret(token_);
}

Json WhatsAppApi::send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing, bool uncertain_5xx) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", request.method).set("url", request.url);
        if (!shown_body.empty()) line.set("body", shown_body);
        host_.emit(line);
        const std::string id = "DRY_RUN_" + std::to_string(++dry_run_counter_);
        return Json::object().set("id", id).set("messages", Json::array().push(Json::object().set("id", "wamid." + id)));
    }
    request.headers.emplace_back("Authorization", "Bearer " + token_);
    const sdk::HttpResponse response = host_.http(request);
    if (uncertain_5xx && response.status >= 500) {
        throw sdk::Error(AGORAS_ERR_NETWORK, "WhatsApp answered HTTP " + std::to_string(response.status) + " while " + doing +
                                                 ": whether the message went out is unknown, so it is not sent again");
    }
    if (response.status < 200 || response.status >= 300) throw whatsapp_error(response.status, response.body, doing);
    try {
        return Json::parse(response.body);
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "WhatsApp answered " + doing + " with something that is not JSON (HTTP " +
                                                std::to_string(response.status) + ")");
    }
}

Json WhatsAppApi::get(const std::string& id, const std::string& fields, const std::string& doing) {
    sdk::HttpRequest request;
    request.url = sdk::with_query(sdk::join_path(base_, {kGraphVersion, id}), {{"fields", fields}});
    request.retry_safe = true;
    return send(std::move(request), "", doing);
}

Json WhatsAppApi::send_message(const std::string& phone_number_id, const Json& message, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = sdk::join_path(base_, {kGraphVersion, phone_number_id, "messages"});
    const std::string body = message.serialize();
    request.body = body;
    request.content_type = "application/json";
    return send(std::move(request), body, doing, true);
}

std::string WhatsAppApi::upload(const std::string& phone_number_id, const sdk::Multipart& body, const std::string& shown,
                                const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = sdk::join_path(base_, {kGraphVersion, phone_number_id, "media"});
    request.body_parts = body.parts();
    request.content_type = body.content_type();
    request.retry_safe = true;  // an unused upload expires after 30 days
    request.timeout_ms = 300000;
    request.progress_label = doing;
    const Json answer = send(std::move(request), shown, doing);
    return sdk::checked_server_id(answer["id"].text(), "a media id", "WhatsApp", "");
}

}  // namespace agoras::whatsapp
