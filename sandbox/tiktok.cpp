#include "tiktok.hpp"

#include "util.hpp"

#include <agoras/sdk/encoding.hpp>
#include <agoras/sdk/url.hpp>

#include <openssl/sha.h>

#include <chrono>

namespace agoras::sandbox {
namespace {

constexpr std::int64_t kMB = 1024 * 1024;

Response envelope(int status, const Json& data, const std::string& code = "ok", const std::string& message = "") {
    return json_response(status, Json::object().set("data", data)
                                     .set("error", Json::object().set("code", code).set("message", message).set("log_id", random_text(20))));
}
Response failure(int status, const std::string& code, const std::string& message) { return envelope(status, Json::object(), code, message); }
Response oauth_error(const std::string& error, const std::string& description) {
    return json_response(400, Json::object().set("error", error).set("error_description", description).set("log_id", random_text(20)));
}

bool has_scope(const std::string& scopes, const std::string& wanted) { return ("," + scopes + ",").find("," + wanted + ",") != std::string::npos; }

}  // namespace

TikTokModule::TikTokModule() {
    controls_.number("processing_polls", processing_polls_)
        .number("moderation_polls", moderation_polls_)
        .text("privacy_options", privacy_options_)
        .text("verified_prefix", verified_prefix_)
        .text("fail_reason", fail_reason_)         // the next publish ends FAILED with this reason
        .text("withhold_scope", withheld_scope_)   // the user does not grant this scope
        .flag("unaudited", unaudited_)
        .fault("expire_access_tokens", [this](const std::string&) {
            for (auto& [token, grant] : access_) grant.second = now_s() - 1;
        })
        .clock(offset_s_, [this] { return now_s(); })
        .state([this] { return state(); });
}

std::int64_t TikTokModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + offset_s_;
}

Response TikTokModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    const std::string path = request.path.substr(std::string(kPrefix).size());
    if (path == "/v2/auth/authorize/" && request.method == "GET") return authorize(request);
    if (path == "/v2/oauth/token/" && request.method == "POST") return token(request);
    if (path.rfind("/upload/", 0) == 0 && request.method == "PUT") return upload(request, path.substr(8));
    const std::string auth = header(request, "Authorization");
    const auto grant = auth.rfind("Bearer ", 0) == 0 ? access_.find(auth.substr(7)) : access_.end();
    if (grant == access_.end() || grant->second.second <= now_s()) {
        return failure(401, "access_token_invalid", "The access token is invalid or not found in the request.");
    }
    const std::string& scopes = grant->second.first;
    if (path == "/v2/user/info/" && request.method == "GET") {
        if (!has_scope(scopes, "user.info.basic")) return failure(401, "scope_not_authorized", "The user did not authorize the scope required.");
        return envelope(200, Json::object().set("user", Json::object().set("open_id", kOpenId).set("username", "agoras.sandbox")
                                                            .set("display_name", "Agoras Sandbox")));
    }
    if (request.method != "POST" || header(request, "Content-Type").find("application/json") == std::string::npos) {
        return failure(400, "invalid_params", "Content-Type must be application/json");
    }
    if (path == "/v2/post/publish/creator_info/query/") {
        Json options = Json::array();
        for (std::size_t start = 0; start <= privacy_options_.size();) {
            const auto comma = std::min(privacy_options_.find(',', start), privacy_options_.size());
            if (comma > start) options.push(privacy_options_.substr(start, comma - start));
            start = comma + 1;
        }
        if (unaudited_) options = Json::array().push("SELF_ONLY");
        return envelope(200, Json::object().set("creator_username", "agoras.sandbox").set("creator_nickname", "Agoras Sandbox")
                                 .set("privacy_level_options", options).set("comment_disabled", false).set("duet_disabled", false)
                                 .set("stitch_disabled", true).set("max_video_post_duration_sec", 600));
    }
    if (path == "/v2/post/publish/video/init/") return init(request, "direct", scopes);
    if (path == "/v2/post/publish/inbox/video/init/") return init(request, "inbox", scopes);
    if (path == "/v2/post/publish/content/init/") return init(request, "photo", scopes);
    if (path == "/v2/post/publish/status/fetch/") return status(request);
    return failure(404, "invalid_params", "no such endpoint in the sandbox");
}

Response TikTokModule::authorize(const Request& r) {
    if (param(r, "client_key") != kClientKey) return oauth_error("invalid_client", "client_key is unknown");
    const std::string redirect = param(r, "redirect_uri");
    const bool loopback = (redirect.rfind("http://127.0.0.1:", 0) == 0 || redirect.rfind("http://localhost:", 0) == 0) &&
                          redirect.find_first_of("?#") == std::string::npos;
    if (!loopback) return oauth_error("invalid_request", "redirect_uri must be a registered loopback address with a port");
    if (param(r, "response_type") != "code" || param(r, "state").empty() || param(r, "scope").empty()) {
        return oauth_error("invalid_request", "response_type=code, scope and state are required");
    }
    if (param(r, "code_challenge").empty() || param(r, "code_challenge_method") != "S256") {
        return oauth_error("invalid_request", "Code verifier or code challenge is invalid.");
    }
    const std::string code = random_text(30);
    codes_[code] = {param(r, "code_challenge"), redirect};
    std::string granted;
    for (const char* scope : {"user.info.basic", "video.publish", "video.upload"}) {
        if (has_scope(param(r, "scope"), scope) && withheld_scope_ != scope) granted += (granted.empty() ? "" : ",") + std::string(scope);
    }
    codes_[code + "#scopes"] = {granted, ""};
    Response response;
    response.status = 302;
    response.content_type = "text/html";
    response.headers.emplace_back("Location", redirect + "?code=" + code + "&scopes=" + sdk::percent_encode(granted) + "&state=" +
                                                  sdk::percent_encode(param(r, "state")));
    return response;
}

Response TikTokModule::token(const Request& r) {
    if (param(r, "client_key") != kClientKey || param(r, "client_secret") != kClientSecret) {
        return oauth_error("invalid_client", "Client key or secret is incorrect.");
    }
    std::string scopes;
    if (param(r, "grant_type") == "authorization_code") {
        const auto code = codes_.find(param(r, "code"));
        if (code == codes_.end() || code->second.second != param(r, "redirect_uri")) {
            return oauth_error("invalid_grant", "Authorization code is expired.");
        }
        unsigned char digest[SHA256_DIGEST_LENGTH];
        const std::string verifier = param(r, "code_verifier");
        SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
        if (sdk::base64url_encode(std::string(reinterpret_cast<const char*>(digest), sizeof digest)) != code->second.first) {
            return oauth_error("invalid_request", "Code verifier or code challenge is invalid.");
        }
        scopes = codes_[code->first + "#scopes"].first;
        codes_.erase(code->first + "#scopes");
        codes_.erase(code);
    } else if (param(r, "grant_type") == "refresh_token") {
        const auto refresh = refresh_.find(param(r, "refresh_token"));
        if (refresh == refresh_.end()) {
            ++spent_refresh_uses_;
            return oauth_error("invalid_grant", "Refresh token is invalid or expired.");
        }
        scopes = refresh->second;
        refresh_.erase(refresh);  // rotation: the old one stops working
        ++refreshes_;
    } else {
        return oauth_error("invalid_request", "grant_type is invalid");
    }
    const std::string access = "act." + random_text(40), refresh = "rft." + random_text(40);
    access_[access] = {scopes, now_s() + 7200};
    refresh_[refresh] = scopes;
    return json_response(200, Json::object().set("open_id", kOpenId).set("scope", scopes).set("access_token", access).set("expires_in", 7200)
                                  .set("refresh_token", refresh).set("refresh_expires_in", 15552000).set("token_type", "Bearer"));
}

Response TikTokModule::init(const Request& r, const std::string& kind, const std::string& scopes) {
    const bool direct = kind != "inbox";
    if (!has_scope(scopes, direct ? "video.publish" : "video.upload") && !(kind == "photo" && has_scope(scopes, "video.upload"))) {
        return failure(401, "scope_not_authorized", "The user did not authorize the scope required for completing this request.");
    }
    inits_.push_back(now_s());
    while (!inits_.empty() && inits_.front() <= now_s() - 60) inits_.pop_front();
    if (inits_.size() > 6) return failure(429, "rate_limit_exceeded", "The API rate limit was exceeded.");
    Json body;
    try {
        body = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return failure(400, "invalid_params", "the body is not JSON");
    }
    Publish p;
    p.polls = processing_polls_;
    p.kind = kind == "photo" ? "photo" : "video";
    p.mode = kind;
    const Json& info = body["post_info"];
    if (direct) {
        p.privacy = info["privacy_level"].text();
        if (("," + privacy_options_ + ",").find("," + p.privacy + ",") == std::string::npos || (unaudited_ && p.privacy != "SELF_ONLY")) {
            return failure(400, "privacy_level_option_mismatch", "privacy_level is not one of the creator's options");
        }
        p.title = info["title"].text();
    }
    const Json& source = body["source_info"];
    if (kind == "photo") {
        if (body["media_type"].text() != "PHOTO" || source["source"].text() != "PULL_FROM_URL") return failure(400, "invalid_params", "photos are PULL_FROM_URL");
        for (const auto& url : source["photo_images"].items()) {
            if (verified_prefix_.empty() || url.text().rfind(verified_prefix_, 0) != 0) {
                return failure(403, "url_ownership_unverified", "Please review our URL ownership verification rules.");
            }
            p.photos.push_back(url.text());
        }
        if (p.photos.empty() || p.photos.size() > 35) return failure(400, "invalid_params", "photo_images must hold 1 to 35 URLs");
        p.status = "PROCESSING_DOWNLOAD";
    } else {
        if (source["source"].text() == "PULL_FROM_URL") {
            if (verified_prefix_.empty() || source["video_url"].text().rfind(verified_prefix_, 0) != 0) {
                return failure(403, "url_ownership_unverified", "Please review our URL ownership verification rules.");
            }
            p.status = "PROCESSING_DOWNLOAD";
        } else if (source["source"].text() == "FILE_UPLOAD") {
            p.size = source["video_size"].integer(-1);
            p.chunk = source["chunk_size"].integer(-1);
            p.chunks = source["total_chunk_count"].integer(-1);
            // TikTok's arithmetic: under 5 MB one whole chunk; else 5-64 MB chunks, count = size / chunk rounded
            // down, the last taking the rest (at most 128 MB), 1-1000 chunks.
            const bool small = p.size > 0 && p.size < 5 * kMB && p.chunk == p.size && p.chunks == 1;
            const bool chunked = p.size >= 5 * kMB && p.chunk >= 5 * kMB && p.chunk <= 64 * kMB && p.chunks == p.size / p.chunk &&
                                 p.chunks >= 1 && p.chunks <= 1000 && p.size - (p.chunks - 1) * p.chunk <= 128 * kMB;
            if (!small && !chunked) return failure(400, "invalid_params", "video_size, chunk_size and total_chunk_count do not agree");
        } else {
            return failure(400, "invalid_params", "source must be FILE_UPLOAD or PULL_FROM_URL");
        }
    }
    const std::string id = "v_pub_file~v2-1." + std::to_string(7300000000000000000LL + next_id_++);
    publishes_[id] = p;
    Json data = Json::object().set("publish_id", id);
    if (p.status == "PROCESSING_UPLOAD") data.set("upload_url", "http://" + header(r, "Host") + kPrefix + "/upload/" + sdk::percent_encode(id));
    return envelope(200, data);
}

Response TikTokModule::upload(const Request& r, const std::string& publish_id) {
    const auto found = publishes_.find(sdk::percent_decode(publish_id, false));
    if (found == publishes_.end()) return failure(404, "invalid_params", "no such upload");
    Publish& p = found->second;
    const std::string type = header(r, "Content-Type");
    if (type != "video/mp4" && type != "video/quicktime" && type != "video/webm") return failure(400, "invalid_file_upload", "unsupported Content-Type");
    const std::string range = header(r, "Content-Range");
    std::int64_t first = -1, last = -1, total = -1;
    if (std::sscanf(range.c_str(), "bytes %ld-%ld/%ld", &first, &last, &total) != 3 || total != p.size) {
        return failure(400, "invalid_file_upload", "Content-Range is missing or names another size");
    }
    const std::int64_t index = p.chunk > 0 ? first / p.chunk : 0;
    const std::int64_t expected_length = index + 1 == p.chunks ? p.size - index * p.chunk : p.chunk;
    if (first != p.received || first != index * p.chunk || last - first + 1 != expected_length ||
        static_cast<std::int64_t>(r.body.size()) != expected_length) {
        return failure(400, "invalid_file_upload", "chunks must come in order, each exactly as init said");
    }
    p.received = last + 1;
    if (p.received < p.size) return envelope(206, Json::object());
    p.polls = processing_polls_;
    return envelope(201, Json::object());
}

Response TikTokModule::status(const Request& r) {
    const Json body = Json::parse(r.body);
    const auto found = publishes_.find(body["publish_id"].text());
    if (found == publishes_.end()) return failure(400, "invalid_publish_id", "publish_id does not exist");
    Publish& p = found->second;
    const bool uploaded = p.kind == "photo" || p.status != "PROCESSING_UPLOAD" || p.received == p.size;
    const bool processing = p.status == "PROCESSING_UPLOAD" || p.status == "PROCESSING_DOWNLOAD";
    if (uploaded && processing && p.polls-- <= 0) {
        if (!fail_reason_.empty()) {
            p.status = "FAILED";
            p.fail_reason = fail_reason_;
            fail_reason_.clear();
        } else {
            p.status = p.mode == "inbox" ? "SEND_TO_USER_INBOX" : "PUBLISH_COMPLETE";
            p.polls = moderation_polls_;  // the public post id comes after moderation
        }
    } else if (p.status == "PUBLISH_COMPLETE" && p.post_id.empty() && p.polls-- <= 0) {
        p.post_id = std::to_string(7400000000000000000LL + next_id_++);
    }
    if (p.status == "PUBLISH_COMPLETE" && p.post_id.empty() && p.polls <= 0) p.post_id = std::to_string(7400000000000000000LL + next_id_++);
    Json data = Json::object().set("status", p.status).set("uploaded_bytes", p.received);
    if (!p.fail_reason.empty()) data.set("fail_reason", p.fail_reason);
    Json ids = Json::array();
    if (!p.post_id.empty() && p.privacy != "SELF_ONLY") ids.push(p.post_id);
    data.set("publicaly_available_post_id", ids);
    return envelope(200, data);
}

Json TikTokModule::state() const {
    Json posts = Json::array();
    for (const auto& [id, p] : publishes_) {
        posts.push(Json::object().set("publish_id", id).set("kind", p.kind).set("mode", p.mode).set("privacy", p.privacy).set("title", p.title)
                       .set("status", p.status).set("size", p.size).set("received", p.received).set("chunks", p.chunks)
                       .set("photos", Json::array_of(p.photos)));
    }
    return Json::object().set("posts", posts).set("refreshes", refreshes_).set("spent_refresh_uses", spent_refresh_uses_)
        .set("live_refresh_tokens", static_cast<std::int64_t>(refresh_.size())).set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "tiktok",
    "TikTok's Login Kit and Content Posting API at /tiktok (controls: /_sandbox/tiktok/faults, /state); client key\n"
    "sandboxtiktokkey, secret sandbox-tiktok-secret",
    {{"AGORAS_TIKTOK_API_URL", "/tiktok"}, {"AGORAS_TIKTOK_AUTHORIZE_URL", "/tiktok/v2/auth/authorize/"}},
    [](const SandboxOptions&) { return std::make_unique<TikTokModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
