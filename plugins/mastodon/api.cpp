#include "api.hpp"

#include <agoras/sdk/dry_run.hpp>

namespace agoras::mastodon {
namespace {

sdk::Error to_error(int status, const std::string& body, const std::string& doing) {
    std::string message = "HTTP " + std::to_string(status);
    try {
        const Json json = Json::parse(body);
        if (!json["error"].text().empty()) message = json["error"].text();
        if (!json["error_description"].text().empty()) message += ": " + json["error_description"].text();
    } catch (const std::invalid_argument&) {
    }
    if (message.size() > 300) message.resize(300);
    const std::string said = "Mastodon: " + message + " (HTTP " + std::to_string(status) + ") while " + doing;
    if (status == 401) {
        return sdk::Error(AGORAS_ERR_AUTH, said + "; run 'agoras mastodon authorize' (or check MASTODON_ACCESS_TOKEN)");
    }
    if (status == 403) return sdk::Error(AGORAS_ERR_AUTH, said + "; the token may lack the scope this needs");
    if (status == 429) return sdk::Error(AGORAS_ERR_RATE_LIMITED, said + "; try again later");
    if (status == 404) return sdk::Error(AGORAS_ERR_GENERIC, said);
    return sdk::Error(AGORAS_ERR_REMOTE, said);
}

}  // namespace

std::string normalize_instance(const std::string& given) {
    std::string url = given;
    if (url.find("://") == std::string::npos) url = "https://" + url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    const auto host_start = url.find("://") + 3;
    const bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
    if (!scheme || url.size() <= host_start || url.find_first_of(" ?#@", host_start) != std::string::npos) {
        throw sdk::Error(AGORAS_ERR_USAGE, "--instance must be an instance's address, such as https://mastodon.social, "
                                           "not '" + given + "'");
    }
    return url;
}

MastodonApi::MastodonApi(const sdk::Host& host, std::string instance, bool dry_run)
    : host_(host), instance_(std::move(instance)), dry_run_(dry_run) {}

void MastodonApi::set_token(const std::string& token) {
    token_ = token;
    host_.register_secret(token);
}

MastodonApi::Reply MastodonApi::send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing,
                                     bool allow_404) {
    if (dry_run_) {
        Json line = Json::object().set("dry_run", true).set("method", request.method).set("url", request.url);
        if (!shown_body.empty()) line.set("body", shown_body);
        host_.emit(line);
        const std::string id = "DRY_RUN_" + std::to_string(++dry_run_counter_);
        return {200, Json::object().set("id", id).set("url", "").set("acct", "dry-run").set("client_id", "DRY_RUN")
                         .set("client_secret", "DRY_RUN").set("access_token", "DRY_RUN")};
    }
    if (!token_.empty()) request.headers.emplace_back("Authorization", "Bearer " + token_);
    const sdk::HttpResponse response = host_.http(request);
    if (response.status == 404 && allow_404) return {404, Json()};
    if (response.status < 200 || response.status >= 300) throw to_error(response.status, response.body, doing);
    try {
        return {response.status, Json::parse(response.body)};
    } catch (const std::invalid_argument&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Mastodon answered " + doing + " with something that is not JSON (HTTP " +
                                                std::to_string(response.status) + ")");
    }
}

MastodonApi::Reply MastodonApi::get(const std::string& path, const sdk::Params& query, const std::string& doing, bool allow_404) {
    sdk::HttpRequest request;
    request.url = sdk::with_query(instance_ + path, query);
    request.retry_safe = true;
    return send(std::move(request), "", doing, allow_404);
}

Json MastodonApi::post(const std::string& path, const sdk::Params& form, const std::string& doing,
                       const std::string& idempotency_key, bool retry_safe) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = instance_ + path;
    request.body = sdk::encode_params(form);
    request.content_type = "application/x-www-form-urlencoded";
    if (!idempotency_key.empty()) {
        // The instance keeps the key for an hour: the same request sent again returns the same status.
        request.headers.emplace_back("Idempotency-Key", idempotency_key);
        retry_safe = true;
    }
    request.retry_safe = retry_safe;
    const std::string shown = sdk::encode_params(sdk::redacted_params(form));
    return send(std::move(request), shown, doing, false).json;
}

MastodonApi::Reply MastodonApi::post_multipart(const std::string& path, const sdk::Multipart& body, const std::string& shown,
                                               const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = instance_ + path;
    request.body_parts = body.parts();
    request.content_type = body.content_type();
    request.timeout_ms = 600000;
    request.progress_label = doing;
    // An upload that is sent twice leaves an unattached file at most, which the instance removes.
    request.retry_safe = true;
    return send(std::move(request), shown, doing, false);
}

Json MastodonApi::remove(const std::string& path, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "DELETE";
    request.url = instance_ + path;
    return send(std::move(request), "", doing, false).json;
}

void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Mastodon: " + message); }

std::string status_id(MastodonApi& api, const std::string& given) {
    const auto digits = [](const std::string& s) { return !s.empty() && s.size() <= 24 && s.find_first_not_of("0123456789") == std::string::npos; };
    if (digits(given)) return given;
    if (given.rfind("https://", 0) != 0 && given.rfind("http://", 0) != 0) {
        refuse("--post-id must be a status id or a status URL, not '" + given + "'");
    }
    const std::string last = given.substr(given.find_last_of('/') + 1);
    if (given.rfind(api.instance() + "/", 0) == 0 && digits(last)) return last;
    if (api.dry_run()) return "STATUS_ID";
    const Json found = api.get("/api/v2/search", {{"q", given}, {"type", "statuses"}, {"resolve", "true"}, {"limit", "1"}},
                               "looking up " + given).json;
    const std::string id = found["statuses"][0]["id"].text();
    if (id.empty()) throw sdk::Error(AGORAS_ERR_GENERIC, "Mastodon: no status found at " + given);
    return sdk::checked_server_id(id, "a status id", "Mastodon");
}

}  // namespace agoras::mastodon
