#include "api.hpp"

#include <agoras/sdk/dry_run.hpp>

namespace agoras::youtube {

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "YouTube: " + message); }

sdk::Error youtube_error(int status, const std::string& body, const std::string& doing) {
    Json json;
    try {
        json = Json::parse(body);
    } catch (const std::invalid_argument&) {
    }
    const Json& error = json["error"];
    const std::string reason = error["errors"][0]["reason"].text();
    std::string words = error.is_object() ? error["message"].text() : json["error_description"].text();
    if (words.empty()) words = error.is_string() ? error.text() : "HTTP " + std::to_string(status);
    if (words.size() > 300) words.resize(300);
    const std::string said = "YouTube: " + words + (reason.empty() ? "" : " (" + reason + ")") + " [HTTP " + std::to_string(status) +
                             "] while " + doing;
    if (reason == "quotaExceeded") {
        return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; the project's daily quota is spent (uploads have their own bucket of "
                                                          "about 100 a day); it resets at midnight Pacific Time");
    }
    if (reason == "uploadLimitExceeded") {
        return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; the channel reached its daily upload limit; try again tomorrow");
    }
    if (status == 401 || error.text() == "invalid_grant" || json["error"].text() == "invalid_grant") {
        return sdk::Error(AGORAS_ERR_AUTH, said + "; run 'agoras youtube authorize' (or check YOUTUBE_REFRESH_TOKEN)");
    }
    if (status == 429 || reason == "rateLimitExceeded") return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; try again later");
    if (status == 404) return sdk::Error(AGORAS_ERR_GENERIC, said);
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

YouTubeApi::YouTubeApi(const sdk::Host& host, bool dry_run) : host_(host), dry_run_(dry_run), base_(kApiUrl.value()) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

void YouTubeApi::set_token(const std::string& token) {
    token_ = token;
    host_.register_secret(token);
}

sdk::HttpResponse YouTubeApi::call(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing, bool return_errors,
                                   bool bearer) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", request.method).set("url", request.url);
        if (!shown_body.empty()) line.set("body", shown_body);
        host_.emit(line);
        sdk::HttpResponse fake;
        fake.status = 200;
        fake.body = "{}";
        return fake;
    }
    // Quota answers are final: waiting does not bring the day's quota back.
    request.classify = [](const sdk::HttpResponse& answer, std::uint32_t&) {
        const bool quota = answer.body.find("quotaExceeded") != std::string::npos || answer.body.find("uploadLimitExceeded") != std::string::npos;
        return quota ? sdk::HttpVerdict::final : sdk::HttpVerdict::host_default;
    };
    const auto send = [&] {
        sdk::HttpRequest signed_request = request;
        if (bearer && !token_.empty()) signed_request.headers.emplace_back("Authorization", "Bearer " + token_);
        return host_.http(signed_request);
    };
    sdk::HttpResponse response = send();
    // A token Google ended early (revoked, rotated on its side): refreshed once, and the request sent again.
    if (response.status == 401 && bearer && refresher_ && !refreshed_ && !token_.empty()) {
        refreshed_ = true;
        set_token(refresher_(token_));
        response = send();
    }
    if (!return_errors && (response.status < 200 || response.status >= 300)) throw youtube_error(response.status, response.body, doing);
    return response;
}

Json YouTubeApi::json(const std::string& method, const std::string& path, const std::optional<Json>& body, const std::string& doing,
                      bool retry_safe) {
    sdk::HttpRequest request;
    request.method = method;
    request.url = base_ + path;
    request.retry_safe = retry_safe;
    if (body) {
        request.body = body->serialize();
        request.content_type = "application/json";
    }
    const sdk::HttpResponse response = call(request, body ? body->serialize() : "", doing);
    if (response.body.empty()) return Json::object();
    try {
        return Json::parse(response.body);
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "YouTube answered " + doing + " with something that is not JSON");
    }
}

Json YouTubeApi::token(const sdk::Params& form, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = kTokenUrl.value();
    request.body = sdk::encode_params(form);
    request.content_type = "application/x-www-form-urlencoded";
    request.retry_safe = true;  // a code is single-use (a repeat is refused, never doubled); a refresh is idempotent
    const sdk::HttpResponse response = call(request, sdk::encode_params(sdk::redacted_params(form)), doing, false, false);
    if (dry_run_) return Json::object().set("access_token", "DRY_RUN").set("refresh_token", "DRY_RUN").set("expires_in", 3599);
    const Json answer = Json::parse(response.body);
    host_.register_secret(answer["access_token"].text());
    host_.register_secret(answer["refresh_token"].text());
    return answer;
}

}  // namespace agoras::youtube
