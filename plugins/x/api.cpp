#include "api.hpp"

#include <agoras/sdk/dry_run.hpp>
#include <agoras/sdk/http.hpp>

#include <algorithm>

namespace agoras::x {
namespace {

// X's words from either error shape: a v2 problem ({"title","detail","type"}, top-level or in
// "errors") or v1.1's {"errors":[{"code","message"}]}.
std::string words_of(const Json& json) {
    const Json& problem = json["errors"].is_array() && !json["detail"].is_string() ? json["errors"][0] : json;
    std::string words = problem["detail"].text();
    if (words.empty()) words = problem["message"].text();
    if (words.empty()) words = problem["title"].text();
    return words;
}

constexpr int kAttempts = 3;
constexpr std::int64_t kMaxWaitSeconds = 120;

// Until x-rate-limit-reset (epoch seconds), at most two minutes; else a second, doubling per attempt.
std::uint32_t wait_ms(const sdk::HttpResponse& answer, std::int64_t now, int attempt) {
    const std::string reset = answer.header("x-rate-limit-reset");
    if (!reset.empty() && reset.size() <= 12 && reset.find_first_not_of("0123456789") == std::string::npos) {
        const std::int64_t seconds = std::clamp<std::int64_t>(std::stoll(reset) - now, 1, kMaxWaitSeconds);
        return static_cast<std::uint32_t>(seconds * 1000);
    }
    return 1000u << attempt;
}

}  // namespace

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "X: " + message); }

sdk::Error x_error(int status, const std::string& body, const std::string& doing) {
    Json json;
    try {
        json = Json::parse(body);
    } catch (const std::invalid_argument&) {
    }
    std::string words = words_of(json);
    if (words.empty()) words = "HTTP " + std::to_string(status);
    if (words.size() > 300) words.resize(300);
    const std::string type = json["type"].text(), title = json["title"].text();
    const std::string said = "X: " + words + " (HTTP " + std::to_string(status) + ") while " + doing;
    if (status == 401) {
        return sdk::Error(AGORAS_ERR_AUTH, said + "; run 'agoras x authorize' (or check TWITTER_OAUTH_TOKEN and TWITTER_OAUTH_SECRET)");
    }
    if (status == 402 || type.find("usage-capped") != std::string::npos) {
        return sdk::Error(AGORAS_ERR_REMOTE, said + "; the app's prepaid credits are spent or its spending limit is reached "
                                                    "(top up in the X developer console)");
    }
    if (status == 403 && (type.find("client-forbidden") != std::string::npos || title == "Client Forbidden")) {
        return sdk::Error(AGORAS_ERR_REMOTE, said + "; the app's access level does not include this endpoint");
    }
    if (status == 429) return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; try again after the rate-limit window");
    if (status == 404) return sdk::Error(AGORAS_ERR_GENERIC, said);
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

XApi::XApi(const sdk::Host& host, OAuth1Keys keys, bool dry_run)
    : host_(host), keys_(std::move(keys)), dry_run_(dry_run), base_(kApiUrl.value()) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
    for (const std::string* secret : {&keys_.consumer_secret, &keys_.token, &keys_.token_secret}) {
        if (!secret->empty()) host_.register_secret(*secret);
    }
}

XApi::Reply XApi::send(const Call& call) {
    const std::string url = base_ + call.path;
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", call.method).set("url", url);
        if (call.body.json) line.set("body", call.body.json->serialize());
        if (!call.body.form.empty()) line.set("body", sdk::encode_params(sdk::redacted_params(call.body.form)));
        if (call.body.multipart) line.set("body", call.body.shown);
        if (!call.cost.empty()) line.set("cost", call.cost);
        host_.emit(line);
        return {200, Json::object(), ""};
    }
    sdk::HttpRequest request;
    request.method = call.method;
    request.url = url;
    request.retry_safe = call.retry_safe;
    request.timeout_ms = call.timeout_ms;
    // Every attempt is signed afresh (X refuses a nonce it has seen), so the plugin repeats, not the host.
    request.max_attempts = 1;
    if (call.body.json) {
        request.body = call.body.json->serialize();
        request.content_type = "application/json";
    } else if (!call.body.form.empty()) {
        request.body = sdk::encode_params(call.body.form);
        request.content_type = "application/x-www-form-urlencoded";
    } else if (call.body.multipart) {
        request.body_parts = call.body.multipart->parts();
        request.content_type = call.body.multipart->content_type();
        request.progress_label = call.doing;
    }
    sdk::HttpResponse response;
    for (int attempt = 1;; ++attempt) {
        sdk::HttpRequest signed_request = request;
        signed_request.headers.emplace_back("Authorization", oauth1_authorization(call.method, url, call.body.form, keys_,
                                                                                  call.oauth_extra, oauth1_nonce(),
                                                                                  host_.now_unix_ms() / 1000));
        try {
            response = host_.http(signed_request);
        } catch (const sdk::Error& e) {
            // No answer: sent again only when sending twice cannot do anything twice.
            if (e.status() != AGORAS_ERR_NETWORK || !call.retry_safe || attempt == kAttempts) throw;
            host_.warn(std::string(e.what()) + "; trying again");
            host_.sleep_ms(1000u << attempt);
            continue;
        }
        // 429: X did nothing; a 5xx of a call that is safe to repeat: maybe did, harmlessly.
        const bool again = response.status == 429 || (call.retry_safe && response.status >= 500);
        if (!again || attempt == kAttempts) break;
        const std::uint32_t wait = wait_ms(response, host_.now_unix_ms() / 1000, attempt);
        host_.warn("X answered HTTP " + std::to_string(response.status) + " while " + call.doing + "; trying again in " +
                   std::to_string(wait / 1000) + " s");
        host_.sleep_ms(wait);
    }
    const bool failed = response.status < 200 || response.status >= 300;
    if (failed && !call.return_errors) throw x_error(response.status, response.body, call.doing);
    Reply reply{response.status, Json(), response.body};
    if (failed) return reply;
    if (response.body.empty() || response.body.front() != '{') return reply;  // the OAuth endpoints' forms
    try {
        reply.json = Json::parse(response.body);
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "X answered " + call.doing + " with something that is not JSON (HTTP " +
                                                std::to_string(response.status) + ")");
    }
    return reply;
}

}  // namespace agoras::x
