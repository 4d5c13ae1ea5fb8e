#include "bot_api.hpp"

#include <agoras/sdk/dry_run.hpp>

#include <cmath>
#include <cstdlib>

namespace agoras::telegram {
namespace {

struct Failure {
    int code = 0;
    std::string description;
    std::int64_t retry_after = 0;
    std::string migrate_to;
};

std::optional<Failure> failure_of(int status, const std::string& body) {
    Json json;
    try {
        json = Json::parse(body);
    } catch (const std::invalid_argument&) {
        if (status >= 200 && status < 300) return Failure{status, "an answer that is not JSON", 0, ""};
        return Failure{status, "HTTP " + std::to_string(status), 0, ""};
    }
    if (json["ok"].boolean()) return std::nullopt;
    Failure f{static_cast<int>(json["error_code"].integer(status)), json["description"].text(), 0, ""};
    if (f.description.size() > 300) f.description.resize(300);
    f.retry_after = json["parameters"]["retry_after"].integer();
    f.migrate_to = json["parameters"]["migrate_to_chat_id"].text();
    return f;
}

sdk::Error to_error(const Failure& f, const std::string& doing) {
    const std::string said = "Telegram: " + f.description + " (" + std::to_string(f.code) + ")";
    if (!f.migrate_to.empty()) {
        return sdk::Error(AGORAS_ERR_REMOTE, said + " while " + doing + ": the group became a supergroup, its new chat id "
                                             "is " + f.migrate_to + "; use --chat-id " + f.migrate_to +
                                             " (or TELEGRAM_CHAT_ID) and authorize again");
    }
    if (f.code == 429) return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + " while " + doing + "; try again later");
    if (f.code == 401 || f.code == 403) {
        return sdk::Error(AGORAS_ERR_AUTH, said + " while " + doing +
                                               ": check the bot token and that the bot is a member (an admin, in a "
                                               "channel) of the chat");
    }
    if (f.description.find("not found") != std::string::npos) return sdk::Error(AGORAS_ERR_GENERIC, said + " while " + doing);
    return sdk::Error(AGORAS_ERR_REMOTE, said + " while " + doing);
}

}  // namespace

BotApi::BotApi(const sdk::Host& host, std::string token, bool dry_run, std::string base_url)
    : host_(host), token_(std::move(token)), dry_run_(dry_run), base_(std::move(base_url)) {
    if (base_.empty()) base_ = kApiUrl.value();
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
    host_.register_secret(token_);
}

Json BotApi::send(sdk::HttpRequest request, const std::string& method, const std::string& shown_body,
                  const std::string& doing) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", "POST").set("url", base_ + "/bot[REDACTED]/" + method);
        if (!shown_body.empty()) line.set("body", shown_body);
        host_.emit(line);
        const Json message = Json::object().set("message_id", ++dry_run_counter_);
        return method == "sendMediaGroup" ? Json::array().push(message) : message;
    }
    request.method = "POST";
    request.url = base_ + "/bot" + token_ + "/" + method;
    // Telegram's 429 says how long to wait in the body, not in a header.
    request.classify = [](const sdk::HttpResponse& answer, std::uint32_t& retry_after_ms) {
        if (answer.status != 429) return sdk::HttpVerdict::host_default;
        const auto f = failure_of(answer.status, answer.body);
        if (f && f->retry_after > 0) retry_after_ms = static_cast<std::uint32_t>(std::min<std::int64_t>(f->retry_after, 120) * 1000);
        return sdk::HttpVerdict::retry;
    };
    const sdk::HttpResponse response = host_.http(request);
    if (const auto f = failure_of(response.status, response.body)) throw to_error(*f, doing);
    return Json::parse(response.body)["result"];
}

Json BotApi::call(const std::string& method, const sdk::Params& form, const std::string& doing) {
    sdk::HttpRequest request;
    request.body = sdk::encode_params(form);
    request.content_type = "application/x-www-form-urlencoded";
    const std::string shown = sdk::encode_params(sdk::redacted_params(form));
    return send(std::move(request), method, shown, doing);
}

Json BotApi::call(const std::string& method, const sdk::Multipart& body, const sdk::Params& shown, const std::string& doing) {
    sdk::HttpRequest request;
    request.body_parts = body.parts();
    request.content_type = body.content_type();
    request.timeout_ms = 600000;
    request.progress_label = doing;
    return send(std::move(request), method, sdk::encode_params(shown), doing);
}

}  // namespace agoras::telegram
