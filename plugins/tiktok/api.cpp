#include "api.hpp"

#include <agoras/sdk/dry_run.hpp>

namespace agoras::tiktok {

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "TikTok: " + message); }

sdk::Error tiktok_error(int status, const std::string& code, const std::string& message, const std::string& doing) {
    std::string words = message.empty() ? "HTTP " + std::to_string(status) : message;
    if (words.size() > 300) words.resize(300);
    const std::string said = "TikTok: " + words + (code.empty() ? "" : " (" + code + ")") + " while " + doing;
    if (code == "access_token_invalid" || code == "scope_not_authorized" || code == "invalid_grant" || status == 401) {
        return sdk::Error(AGORAS_ERR_AUTH, said + "; run 'agoras tiktok authorize' (or check TIKTOK_REFRESH_TOKEN)");
    }
    if (code == "rate_limit_exceeded" || code.rfind("spam_risk_too_many", 0) == 0 || status == 429) {
        return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; TikTok allows 6 posts a minute per account (and fewer a day for new apps)");
    }
    if (code == "privacy_level_option_mismatch") return sdk::Error(AGORAS_ERR_USAGE, said + "; see 'agoras tiktok creator-info'");
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

TikTokApi::TikTokApi(const sdk::Host& host, bool dry_run) : host_(host), dry_run_(dry_run), base_(kApiUrl.value()) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

void TikTokApi::set_token(const std::string& token) {
    token_ = token;
    host_.register_secret(token);
}

Json TikTokApi::send(sdk::HttpRequest request, const std::string& shown, const std::string& doing, bool enveloped) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", request.method).set("url", request.url);
        if (!shown.empty()) line.set("body", shown);
        host_.emit(line);
        const std::string id = "DRY_RUN_" + std::to_string(++dry_run_counter_);
        return Json::object().set("publish_id", id).set("upload_url", base_ + "/upload/" + id).set("status", "PUBLISH_COMPLETE")
            .set("privacy_level_options", Json::array().push("SELF_ONLY").push("PUBLIC_TO_EVERYONE").push("MUTUAL_FOLLOW_FRIENDS")
                                              .push("FOLLOWER_OF_CREATOR"))
            .set("access_token", "DRY_RUN").set("refresh_token", "DRY_RUN").set("open_id", "DRY_RUN").set("scope", "video.publish,video.upload");
    }
    const auto exchange = [&](sdk::HttpResponse& response) {
        sdk::HttpRequest signed_request = request;
        // The token endpoint (the one answer without the envelope) takes the client's credentials instead.
        if (enveloped && !token_.empty()) signed_request.headers.emplace_back("Authorization", "Bearer " + token_);
        response = host_.http(signed_request);
        try {
            return Json::parse(response.body);
        } catch (const std::invalid_argument&) {
            if (response.status < 200 || response.status >= 300) throw tiktok_error(response.status, "", "", doing);
            throw sdk::Error(AGORAS_ERR_REMOTE, "TikTok answered " + doing + " with something that is not JSON");
        }
    };
    sdk::HttpResponse response;
    Json answer = exchange(response);
    // A token TikTok ended early: refreshed once (under the vault's lock: the refresh token rotates), then again.
    if (enveloped && answer["error"]["code"].text() == "access_token_invalid" && refresher_ && !refreshed_ && !token_.empty()) {
        refreshed_ = true;
        set_token(refresher_(token_));
        answer = exchange(response);
    }
    if (!enveloped) {
        // The token endpoint answers flat: {"error", "error_description"} on failure.
        if (response.status < 200 || response.status >= 300 || !answer["error"].text().empty()) {
            throw tiktok_error(response.status, answer["error"].text(), answer["error_description"].text(), doing);
        }
        return answer;
    }
    const std::string code = answer["error"]["code"].text();
    if (code != "ok" || response.status < 200 || response.status >= 300) {
        throw tiktok_error(response.status, code, answer["error"]["message"].text(), doing);
    }
    return answer["data"];
}

Json TikTokApi::post(const std::string& path, const Json& body, const std::string& doing, bool retry_safe) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = base_ + path;
    request.body = body.serialize();
    request.content_type = "application/json; charset=UTF-8";
    request.retry_safe = retry_safe;
    return send(std::move(request), body.serialize(), doing, true);
}

Json TikTokApi::get(const std::string& path, const std::string& doing) {
    sdk::HttpRequest request;
    request.url = base_ + path;
    request.retry_safe = true;
    return send(std::move(request), "", doing, true);
}

Json TikTokApi::token(const sdk::Params& form, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = base_ + "/v2/oauth/token/";
    request.body = sdk::encode_params(form);
    request.content_type = "application/x-www-form-urlencoded";
    // Never repeated: a refresh token works once, and a repeat after a lost answer would spend the new one.
    request.max_attempts = 1;
    const Json answer = send(std::move(request), sdk::encode_params(sdk::redacted_params(form)), doing, false);
    host_.register_secret(answer["access_token"].text());
    host_.register_secret(answer["refresh_token"].text());
    return answer;
}

void TikTokApi::upload_chunk(const std::string& url, std::vector<sdk::BodyPart> body, const std::string& content_type,
                             const std::string& content_range, const std::string& doing) {
    if (dry_run_) {
        host_.emit(Json::object().set("dry_run", true).set("method", "PUT").set("url", "(the upload URL)").set("body", content_range));
        return;
    }
    if (!sdk::may_fetch_from_content(url, base_)) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "TikTok gave an upload address that is not public https; refusing to send the video there");
    }
    sdk::HttpRequest request;
    request.method = "PUT";
    request.url = url;
    request.body_parts = std::move(body);
    request.content_type = content_type;
    request.headers.emplace_back("Content-Range", content_range);
    request.retry_safe = true;  // the same range again replaces it
    request.timeout_ms = 600000;
    request.progress_label = doing;
    const sdk::HttpResponse response = host_.http(request);
    if (response.status < 200 || response.status >= 300) {
        std::string code, message;
        try {
            const Json answer = Json::parse(response.body);
            code = answer["error"]["code"].text();
            message = answer["error"]["message"].text();
        } catch (const std::invalid_argument&) {
        }
        throw tiktok_error(response.status, code, message, doing);
    }
}

}  // namespace agoras::tiktok
