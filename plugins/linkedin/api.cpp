#include "api.hpp"

#include "versions.hpp"

#include <agoras/sdk/dry_run.hpp>

namespace agoras::linkedin {

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "LinkedIn: " + message); }

std::string api_version() {
    const std::string given = kVersion.value();
    if (given.empty()) return kPinnedVersion;
    if (given.size() != 6 || given.find_first_not_of("0123456789") != std::string::npos || given.compare(0, 2, "20") != 0) {
        throw sdk::Error(AGORAS_ERR_USAGE, "AGORAS_LINKEDIN_VERSION must be a version such as " + std::string(kPinnedVersion) +
                                               " (YYYYMM), not '" + given + "'");
    }
    return given;
}

sdk::Error linkedin_error(int status, const std::string& body, const std::string& doing) {
    Json json;
    try {
        json = Json::parse(body);
    } catch (const std::invalid_argument&) {
    }
    std::string words = json["message"].text();
    if (words.empty()) words = json["error_description"].text();
    if (words.empty()) words = json["error"].text();
    if (words.empty()) words = "HTTP " + std::to_string(status);
    if (words.size() > 300) words.resize(300);
    const std::string said = "LinkedIn: " + words + " (HTTP " + std::to_string(status) + ") while " + doing;
    if (status == 401 || json["error"].text() == "invalid_grant") {
        return sdk::Error(AGORAS_ERR_AUTH, said + "; run 'agoras linkedin authorize' (or check LINKEDIN_ACCESS_TOKEN)");
    }
    if (status == 426) {
        return sdk::Error(AGORAS_ERR_REMOTE, said + "; LinkedIn no longer serves API version " + api_version() +
                                                 ": set AGORAS_LINKEDIN_VERSION to a current one (YYYYMM)");
    }
    if (status == 429) {
        return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; LinkedIn's daily limits reset at midnight UTC");
    }
    if (status == 404) return sdk::Error(AGORAS_ERR_GENERIC, said);
    if (status == 403) {
        return sdk::Error(AGORAS_ERR_REMOTE, said + " (posting as a page needs an administrator role on it and the "
                                                    "w_organization_social scope: agoras linkedin authorize --scopes \"" +
                                                    std::string("openid profile w_member_social w_organization_social") + "\")");
    }
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

LinkedInApi::LinkedInApi(const sdk::Host& host, bool dry_run) : host_(host), dry_run_(dry_run), base_(kApiUrl.value()) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
}

void LinkedInApi::set_token(const std::string& token) {
    token_ = token;
    host_.register_secret(token);
}

LinkedInApi::Reply LinkedInApi::send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing,
                                     bool return_errors, bool bearer) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", request.method).set("url", request.url);
        if (!shown_body.empty()) line.set("body", shown_body);
        host_.emit(line);
        return {200, Json::object(), {}};
    }
    if (bearer && !token_.empty()) request.headers.emplace_back("Authorization", "Bearer " + token_);
    // A 429 is waited out by the host (its backoff, bounded: LinkedIn sends no Retry-After), then exit 4.
    Reply reply;
    reply.raw = host_.http(request);
    reply.status = reply.raw.status;
    const bool failed = reply.status < 200 || reply.status >= 300;
    if (failed && !return_errors) throw linkedin_error(reply.status, reply.raw.body, doing);
    if (failed || reply.raw.body.empty()) return reply;
    try {
        reply.json = Json::parse(reply.raw.body);
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn answered " + doing + " with something that is not JSON (HTTP " +
                                                std::to_string(reply.status) + ")");
    }
    return reply;
}

LinkedInApi::Reply LinkedInApi::rest(const std::string& method, const std::string& path, const std::optional<Json>& body,
                                     const std::string& doing, bool retry_safe, bool return_errors) {
    sdk::HttpRequest request;
    request.method = method;
    request.url = base_ + "/rest" + path;
    request.retry_safe = retry_safe;
    request.headers.emplace_back("Linkedin-Version", api_version());
    request.headers.emplace_back("X-Restli-Protocol-Version", "2.0.0");
    if (body) {
        request.body = body->serialize();
        request.content_type = "application/json";
    }
    return send(std::move(request), body ? body->serialize() : "", doing, return_errors);
}

Json LinkedInApi::userinfo(const std::string& doing) {
    sdk::HttpRequest request;
    request.url = base_ + "/v2/userinfo";
    request.retry_safe = true;
    return send(std::move(request), "", doing, false).json;
}

Json LinkedInApi::oauth(const std::string& endpoint, const sdk::Params& form, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    std::string base = kAuthUrl.value();
    while (!base.empty() && base.back() == '/') base.pop_back();
    request.url = base + endpoint;
    request.body = sdk::encode_params(form);
    request.content_type = "application/x-www-form-urlencoded";
    // The OAuth endpoints take the client's credentials, not a bearer token.
    return send(std::move(request), sdk::encode_params(sdk::redacted_params(form)), doing, false, false).json;
}

std::string LinkedInApi::upload(const std::string& url, std::vector<sdk::BodyPart> body, const std::string& doing) {
    // Where LinkedIn says to upload: its own https hosts (or, for a stand-in, the API's own origin).
    if (!dry_run_ && !sdk::may_fetch_from_content(url, base_)) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn gave an upload address that is not public https (" + sdk::origin_of(url) +
                                                "); refusing to send the file there");
    }
    sdk::HttpRequest request;
    request.method = "PUT";
    request.url = url;
    request.body_parts = std::move(body);
    request.content_type = "application/octet-stream";
    request.retry_safe = true;  // a second PUT to the same URL replaces the first
    request.timeout_ms = 600000;
    request.progress_label = doing;
    const Reply reply = send(std::move(request), "(file)", doing, false);
    return reply.raw.header("ETag");
}

}  // namespace agoras::linkedin
