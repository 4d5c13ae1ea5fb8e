#include "discord_api.hpp"

#include <agoras/sdk/multipart.hpp>

#include <cmath>
#include <cstdlib>
#include <random>

namespace agoras::discord {
namespace {

// Discord asks API clients to name themselves so.
const std::string kUserAgent = std::string("DiscordBot (https://github.com/LuisAlejandro/agoras, ") + AGORAS_DISCORD_VERSION + ")";

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 20 && s.find_first_not_of("0123456789") == std::string::npos;
}

sdk::Error to_error(int status, const std::string& body, const std::string& doing) {
    std::string message = "HTTP " + std::to_string(status);
    std::int64_t code = 0;
    try {
        const Json json = Json::parse(body);
        if (!json["message"].text().empty()) message = json["message"].text();
        code = json["code"].integer();
    } catch (const std::invalid_argument&) {
    }
    if (message.size() > 300) message.resize(300);
    const std::string said = "Discord: " + message + (code != 0 ? " (code " + std::to_string(code) + ")" : "") + " while " + doing;
    if (status == 429) return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; try again later");
    // Unknown Webhook: the URL, which is the credential, is wrong or was deleted.
    if (status == 401 || status == 403 || code == 10015) {
        return sdk::Error(AGORAS_ERR_AUTH, said + ": check the webhook URL, or the bot token and the bot's permissions in the channel");
    }
    if (status == 404) return sdk::Error(AGORAS_ERR_GENERIC, said);
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

std::string random_nonce() {
    std::random_device random;
    std::string nonce;
    for (int i = 0; i < 18; ++i) nonce += static_cast<char>('0' + random() % 10);
    return nonce;
}

}  // namespace

std::string webhook_id(const std::string& url) {
    const auto at = url.find("/webhooks/");
    const bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
    if (scheme && at != std::string::npos) {
        const std::string rest = url.substr(at + 10);
        const auto slash = rest.find('/');
        const std::string id = rest.substr(0, slash);
        const std::string token = slash == std::string::npos ? "" : rest.substr(slash + 1);
        if (all_digits(id) && !token.empty() && token.find_first_of("/?#") == std::string::npos) return id;
    }
    throw sdk::Error(AGORAS_ERR_USAGE, "the Discord webhook URL must look like https://discord.com/api/webhooks/<id>/<token> "
                                       "(copy it from the channel's Integrations settings)");
}

DiscordApi::DiscordApi(const sdk::Host& host, bool dry_run) : host_(host), dry_run_(dry_run) {
    base_ = kApiUrl.value();
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

std::string DiscordApi::shown(const std::string& url) const {
    std::string out = url;
    for (const auto& secret : secrets_) {
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret)) out.replace(at, secret.size(), "[REDACTED]");
    }
    return out;
}

Json DiscordApi::send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", request.method).set("url", shown(request.url));
        if (!shown_body.empty()) line.set("body", shown_body);
        host_.emit(line);
        return Json::object().set("id", "DRY_RUN_" + std::to_string(++dry_run_counter_)).set("channel_id", "DRY_RUN");
    }
    request.headers.emplace_back("User-Agent", kUserAgent);
    // Discord says how long to wait in the body (seconds, fractional) as well as in Retry-After.
    request.classify = [](const sdk::HttpResponse& answer, std::uint32_t& retry_after_ms) {
        if (answer.status != 429) return sdk::HttpVerdict::host_default;
        try {
            const double seconds = std::stod(Json::parse(answer.body)["retry_after"].text());
            retry_after_ms = static_cast<std::uint32_t>(std::ceil(std::min(seconds, 120.0) * 1000));
        } catch (const std::exception&) {
        }
        return sdk::HttpVerdict::retry;
    };
    const sdk::HttpResponse response = host_.http(request);
    if (response.status == 204) return Json::object();
    // A delete sent again after a lost answer finds the message gone: that is the first send's success.
    if (request.method == "DELETE" && response.status == 404 && response.attempts > 1) return Json::object();
    if (response.status < 200 || response.status >= 300) throw to_error(response.status, response.body, doing);
    try {
        return Json::parse(response.body);
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Discord answered " + doing + " with something that is not JSON");
    }
}

Json DiscordApi::bot_get(const std::string& token, const std::string& path, const std::string& doing) {
    host_.register_secret(token);
    sdk::HttpRequest request;
    request.url = base_ + path;
    request.retry_safe = true;
    request.headers.emplace_back("Authorization", "Bot " + token);
    return send(std::move(request), "", doing);
}

Json DiscordApi::webhook_get(const std::string& url, const std::string& doing) {
    webhook_id(url);
    secrets_.push_back(url.substr(url.rfind('/') + 1));
    host_.register_secret(secrets_.back());
    sdk::HttpRequest request;
    request.url = url;
    request.retry_safe = true;
    return send(std::move(request), "", doing);
}

Json DiscordApi::create_message(const Target& target, const std::string& content, const std::vector<File>& files) {
    sdk::HttpRequest request;
    request.method = "POST";
    Json payload = Json::object();
    if (!content.empty()) payload.set("content", content);
    if (target.is_webhook()) {
        webhook_id(target.webhook_url);
        secrets_.push_back(target.webhook_url.substr(target.webhook_url.rfind('/') + 1));
        host_.register_secret(secrets_.back());
        request.url = target.webhook_url + "?wait=true";  // answer with the message, so its id is known
    } else {
        host_.register_secret(target.bot_token);
        request.url = base_ + "/channels/" + target.channel_id + "/messages";
        request.headers.emplace_back("Authorization", "Bot " + target.bot_token);
        // With a nonce Discord enforces, a message sent twice is created once: the host may resend it.
        payload.set("nonce", random_nonce()).set("enforce_nonce", true);
        request.retry_safe = true;
    }
    if (files.empty()) {
        request.body = payload.serialize();
        request.content_type = "application/json";
        return send(std::move(request), payload.serialize(), "sending the message");
    }
    Json attachments = Json::array();
    for (std::size_t i = 0; i < files.size(); ++i) {
        Json a = Json::object().set("id", i).set("filename", files[i].filename);
        if (!files[i].description.empty()) a.set("description", files[i].description);
        attachments.push(std::move(a));
    }
    payload.set("attachments", attachments);
    sdk::Multipart body;
    body.field("payload_json", payload.serialize());
    for (std::size_t i = 0; i < files.size(); ++i) {
        body.file_from_path("files[" + std::to_string(i) + "]", files[i].filename, files[i].mime_type, files[i].path);
    }
    request.body_parts = body.parts();
    request.content_type = body.content_type();
    request.timeout_ms = 600000;
    request.progress_label = "uploading " + std::to_string(files.size()) + " file(s) to Discord";
    return send(std::move(request), payload.serialize(), "sending the message");
}

void DiscordApi::delete_message(const Target& target, const std::string& message_id) {
    if (!all_digits(message_id)) throw sdk::Error(AGORAS_ERR_USAGE, "--post-id must be a Discord message id (digits), not '" + message_id + "'");
    sdk::HttpRequest request;
    request.method = "DELETE";
    request.retry_safe = true;  // deleting twice deletes once
    if (target.is_webhook()) {
        webhook_id(target.webhook_url);
        secrets_.push_back(target.webhook_url.substr(target.webhook_url.rfind('/') + 1));
        host_.register_secret(secrets_.back());
        request.url = target.webhook_url + "/messages/" + message_id;
    } else {
        host_.register_secret(target.bot_token);
        request.url = base_ + "/channels/" + target.channel_id + "/messages/" + message_id;
        request.headers.emplace_back("Authorization", "Bot " + target.bot_token);
    }
    send(std::move(request), "", "deleting message " + message_id);
}

}  // namespace agoras::discord
