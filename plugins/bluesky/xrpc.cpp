#include "xrpc.hpp"

#include <agoras/sdk/dry_run.hpp>

namespace agoras::bluesky {
namespace {

const std::string kAuthorizeHint = "; run 'agoras bluesky authorize' (or set BLUESKY_HANDLE and BLUESKY_APP_PASSWORD)";

bool is_auth_failure(const XrpcFailure& f) {
    static const char* names[] = {"AuthMissing",     "AuthRequired",      "InvalidToken",   "ExpiredToken",
                                  "AccountTakedown", "AccountDeactivated", "AuthFactorTokenRequired"};
    for (const char* name : names) {
        if (f.name == name) return true;
    }
    return f.status == 401 || f.status == 403;
}

XrpcError to_error(const XrpcFailure& f, const std::string& doing) {
    const std::string said = f.name.empty() ? "HTTP " + std::to_string(f.status)
                                            : f.name + (f.message.empty() ? "" : ": " + f.message);
    if (f.status == 429) {
        return XrpcError(AGORAS_ERR_RATE_LIMITED,
                         "Bluesky is rate-limiting " + doing + " (" + said + "); try again later", f);
    }
    if (is_auth_failure(f)) return XrpcError(AGORAS_ERR_AUTH, "Bluesky refused " + doing + " (" + said + ")" + kAuthorizeHint, f);
    return XrpcError(AGORAS_ERR_REMOTE, "Bluesky rejected " + doing + " (" + said + ")", f);
}

}  // namespace

std::optional<XrpcFailure> parse_failure(int status, const std::string& body) {
    if (status >= 200 && status < 300) return std::nullopt;
    XrpcFailure failure{status, "", ""};
    try {
        const Json json = Json::parse(body);
        failure.name = json["error"].text();
        failure.message = json["message"].text();
    } catch (const std::invalid_argument&) {
    }
    if (failure.message.size() > 300) failure.message.resize(300);
    return failure;
}

Xrpc::Xrpc(const sdk::Host& host, std::string service_url, bool dry_run)
    : host_(host), service_(std::move(service_url)), dry_run_(dry_run) {}

void Xrpc::set_token(const std::string& token) {
    token_ = token;
    host_.register_secret(token);
}

Json Xrpc::dry_run_reply(const std::string& method, const std::string& url, const std::string& shown_body,
                         const std::string& nsid) {
    Json line = Json::object().set("dry_run", true).set("method", method).set("url", url);
    if (!shown_body.empty()) line.set("body", shown_body);
    host_.emit(line);
    // A plausible answer, so that the remaining steps can be shown too.
    const std::string n = std::to_string(++dry_run_counter_);
    if (nsid == "com.atproto.repo.uploadBlob") {
        return Json::object().set("blob", Json::object()
                                              .set("$type", "blob")
                                              .set("ref", Json::object().set("$link", "DRY_RUN_BLOB_" + n))
                                              .set("mimeType", "application/octet-stream")
                                              .set("size", 0));
    }
    return Json::object()
        .set("uri", "at://did:plc:dryrun/app.bsky.feed.post/dryrun" + n)
        .set("cid", "DRY_RUN_CID_" + n)
        .set("did", "did:plc:dryrun")
        .set("handle", "dry-run.invalid");
}

Json Xrpc::send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing,
                const std::optional<std::string>& own_token) {
    const std::string nsid = request.url.substr(request.url.rfind('/') + 1);
    if (dry_run_) return dry_run_reply(request.method, request.url, shown_body, nsid.substr(0, nsid.find('?')));
    const auto base_headers = request.headers;
    for (int attempt = 0;; ++attempt) {
        request.headers = base_headers;
        const std::string& token = own_token ? *own_token : token_;
        if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
        const sdk::HttpResponse response = host_.http(request);
        const auto failure = parse_failure(response.status, response.body);
        if (!failure) {
            try {
                return Json::parse(response.body);
            } catch (const std::invalid_argument&) {
                throw sdk::Error(AGORAS_ERR_REMOTE, "Bluesky answered " + doing + " with something that is not JSON");
            }
        }
        // bsky.social says 400 ExpiredToken (not 401) when the access token ran out: renew it once.
        if (failure->name == "ExpiredToken" && !own_token && attempt == 0 && renew_) {
            if (const auto renewed = renew_(token_)) {
                host_.debug("the Bluesky access token expired; renewed it, sending again");
                set_token(*renewed);
                continue;
            }
        }
        throw to_error(*failure, doing);
    }
}

Json Xrpc::query(const std::string& nsid, const sdk::Params& params, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "GET";
    request.url = sdk::with_query(service_ + "/xrpc/" + nsid, params);
    request.retry_safe = true;
    return send(std::move(request), "", doing, std::nullopt);
}

Json Xrpc::procedure(const std::string& nsid, const Json& body, const std::string& doing, bool retry_safe) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = service_ + "/xrpc/" + nsid;
    request.body = body.serialize();
    request.content_type = "application/json";
    request.retry_safe = retry_safe;
    Json shown = body;
    if (shown.has("password")) shown.set("password", "[REDACTED]");
    return send(std::move(request), shown.serialize(), doing, std::nullopt);
}

Json Xrpc::procedure_with(const std::string& token, const std::string& nsid, const Json& body, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = service_ + "/xrpc/" + nsid;
    if (!body.is_null()) {
        request.body = body.serialize();
        request.content_type = "application/json";
    }
    host_.register_secret(token);
    const std::string shown = request.body;
    return send(std::move(request), shown, doing, token);
}

Json Xrpc::upload_blob(const std::string& bytes, const std::string& file_path, std::uint64_t size,
                       const std::string& mime_type, const std::string& doing) {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = service_ + "/xrpc/com.atproto.repo.uploadBlob";
    request.content_type = mime_type;
    // An upload stores an unreferenced blob at most: sending it again is harmless.
    request.retry_safe = true;
    if (file_path.empty()) {
        request.body = bytes;
    } else {
        request.body_parts.push_back(sdk::BodyPart{"", file_path, 0, size});
        request.progress_label = doing;
    }
    request.timeout_ms = 600000;
    const Json reply = send(std::move(request), std::to_string(size) + " bytes of " + mime_type, doing, std::nullopt);
    if (!reply["blob"].is_object()) throw sdk::Error(AGORAS_ERR_REMOTE, "Bluesky answered " + doing + " without a blob");
    return reply["blob"];
}

}  // namespace agoras::bluesky
