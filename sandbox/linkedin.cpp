#include "linkedin.hpp"

#include "util.hpp"

#include <agoras/sdk/url.hpp>

#include <chrono>

namespace agoras::sandbox {
namespace {

Response rest_error(int status, const std::string& message, const std::string& code = {}) {
    Json body = Json::object().set("status", status).set("message", message);
    if (!code.empty()) body.set("code", code);
    if (status == 401) body.set("serviceErrorCode", 65600);
    if (status == 403) body.set("serviceErrorCode", 100);
    return json_response(status, body);
}
Response oauth_error(int status, const std::string& error, const std::string& description) {
    return json_response(status, Json::object().set("error", error).set("error_description", description));
}
Response created(const std::string& urn) {
    Response r;
    r.status = 201;
    r.headers.emplace_back("x-restli-id", urn);
    return r;
}

// LinkedIn's "little" text as it is shown: \c is c; an unescaped reserved character ends the text.
std::string render_little(const std::string& text) {
    static const std::string reserved = "\\|{}@[]()<>#*_~";
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && reserved.find(text[i + 1]) != std::string::npos) {
            out += text[++i];
        } else if (reserved.find(text[i]) != std::string::npos) {
            break;
        } else {
            out += text[i];
        }
    }
    return out;
}

bool has_scope(const std::string& scopes, const std::string& wanted) {
    return (" " + scopes + " ").find(" " + wanted + " ") != std::string::npos;
}

}  // namespace

LinkedInModule::LinkedInModule() {
    controls_.number("rate_limit_next", rate_limit_next_)
        .number("drop_create_answer_next", drop_create_answer_next_)
        .number("processing_polls", processing_polls_)
        .number("part_bytes", part_bytes_)
        .flag("partner", partner_)
        .flag("fail_processing", fail_processing_)
        .flag("member_reads", member_reads_)
        .text("active_versions", active_versions_)
        .text("redirect_uri", redirect_uri_)
        // Ends every access token issued so far (a token past its 60 days).
        .fault("expire_tokens", [this](const std::string&) {
            for (auto& [token, t] : tokens_) t.expires_at = now_s() - 1;
        })
        .clock(clock_offset_s_, [this] { return now_s(); })
        .state([this] { return state(); });
}

std::int64_t LinkedInModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + clock_offset_s_;
}

Response LinkedInModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    base_url_ = "http://" + header(request, "Host") + kPrefix;
    if (rate_limit_next_ > 0) {  // LinkedIn's 429 carries no headers: its limits are daily
        --rate_limit_next_;
        return rest_error(429, "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.");
    }
    return route(request, request.path.substr(std::string(kPrefix).size()));
}

Response LinkedInModule::route(const Request& r, const std::string& path) {
    if (path == "/oauth/v2/authorization" && r.method == "GET") return authorization(r);
    if (path == "/oauth/v2/accessToken" && r.method == "POST") return access_token(r);
    if (path.rfind("/upload/", 0) == 0 && r.method == "PUT") return put_upload(r, path.substr(8));
    const std::string auth = header(r, "Authorization");
    const auto token = auth.rfind("Bearer ", 0) == 0 ? tokens_.find(auth.substr(7)) : tokens_.end();
    if (token == tokens_.end() || token->second.expires_at <= now_s()) return rest_error(401, "Invalid access token");
    if (path == "/v2/userinfo" && r.method == "GET") {
        if (!has_scope(token->second.scopes, "openid")) {
            return rest_error(403, "Not enough permissions to access: userinfo.GET.NO_VERSION", "ACCESS_DENIED");
        }
        return json_response(200, Json::object().set("sub", token->second.member).set("name", "Ada Lovelace").set("given_name", "Ada")
                                      .set("family_name", "Lovelace").set("email_verified", true));
    }
    if (path.rfind("/rest/", 0) == 0) return rest(r, path.substr(5), token->second);
    return rest_error(404, "No resource found");
}

Response LinkedInModule::authorization(const Request& r) {
    if (param(r, "client_id") != kClientId) return oauth_error(401, "invalid_client", "Client authentication failed");
    if (param(r, "response_type") != "code") return oauth_error(400, "unsupported_response_type", "response_type must be code");
    const std::string redirect = param(r, "redirect_uri");
    const bool loopback = redirect.rfind("http://127.0.0.1:", 0) == 0 && redirect.size() > 9 &&
                          redirect.compare(redirect.size() - 9, 9, "/callback") == 0;
    if (redirect_uri_.empty() ? !loopback : redirect != redirect_uri_) {
        return oauth_error(400, "invalid_request", "The redirect_uri does not match the registered value");
    }
    if (param(r, "scope").empty() || param(r, "state").empty()) return oauth_error(400, "invalid_request", "scope and state are required");
    const std::string code = random_text(40);
    codes_[code] = {redirect, param(r, "scope")};
    Response response;
    response.status = 302;
    response.content_type = "text/html";
    response.headers.emplace_back("Location", redirect + "?code=" + code + "&state=" + sdk::percent_encode(param(r, "state")));
    return response;
}

std::string LinkedInModule::issue_token(const std::string& member, const std::string& scopes, Json& grant) {
    const std::string token = "AQ" + random_text(60);
    tokens_[token] = Token{member, scopes, now_s() + 5184000};
    grant.set("access_token", token).set("expires_in", 5184000).set("scope", scopes);
    return token;
}

Response LinkedInModule::access_token(const Request& r) {
    if (param(r, "client_id") != kClientId || param(r, "client_secret") != kClientSecret) {
        return oauth_error(401, "invalid_client", "Client authentication failed");
    }
    Json grant = Json::object();
    if (param(r, "grant_type") == "authorization_code") {
        const auto code = codes_.find(param(r, "code"));
        if (code == codes_.end() || code->second.first != param(r, "redirect_uri")) {
            return oauth_error(400, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match "
                                                       "authorization code. Or authorization code expired.");
        }
        const std::string scopes = code->second.second;
        codes_.erase(code);  // one use
        issue_token(kMember, scopes, grant);
        if (partner_) {
            const std::string refresh = "AQR" + random_text(60);
            refresh_tokens_[refresh] = {scopes, now_s() + 31536000};
            grant.set("refresh_token", refresh).set("refresh_token_expires_in", 31536000);
        }
        return json_response(200, grant);
    }
    if (param(r, "grant_type") == "refresh_token") {
        const auto refresh = refresh_tokens_.find(param(r, "refresh_token"));
        if (refresh == refresh_tokens_.end() || refresh->second.second <= now_s()) {
            return oauth_error(400, "invalid_grant", "Token has been expired or revoked.");
        }
        issue_token(kMember, refresh->second.first, grant);
        // The same refresh token, with what is left of its first 365 days: refreshing does not extend it.
        grant.set("refresh_token", refresh->first).set("refresh_token_expires_in", refresh->second.second - now_s());
        return json_response(200, grant);
    }
    return oauth_error(400, "unsupported_grant_type", "grant_type is not supported");
}

std::string LinkedInModule::may_act_as(const Token& token, const std::string& author) const {
    if (author == std::string("urn:li:person:") + token.member) {
        return has_scope(token.scopes, "w_member_social") ? "" : "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260301";
    }
    if (author == std::string("urn:li:organization:") + kPage) {
        return has_scope(token.scopes, "w_organization_social") ? "" : "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260301";
    }
    return "Not enough permissions to act as " + author + ": the member has no role on it";
}

Response LinkedInModule::rest(const Request& r, const std::string& path, const Token& token) {
    const std::string version = header(r, "Linkedin-Version");
    if (version.empty()) return rest_error(400, "A version must be present. Please specify a version by adding the LinkedIn-Version header.", "VERSION_MISSING");
    versions_seen_.insert(version);
    if (("," + active_versions_ + ",").find("," + version + ",") == std::string::npos) {
        return rest_error(426, "Requested version " + version + "01 is not active", "NONEXISTENT_VERSION");
    }
    if (header(r, "X-Restli-Protocol-Version") != "2.0.0") return rest_error(400, "X-Restli-Protocol-Version must be 2.0.0");
    const std::string action = param(r, "action");
    if (path == "/posts" && r.method == "POST") return create_post(r, token);
    if (path == "/posts" && r.method == "GET" && param(r, "q") == "author") {
        const std::string author = param(r, "author");
        const bool readable = author == std::string("urn:li:organization:") + kPage ? has_scope(token.scopes, "w_organization_social")
                                                                                    : member_reads_ && author == "urn:li:person:" + token.member;
        if (!readable) return rest_error(403, "Not enough permissions to access: partnerApiPostsExternal.FINDER-author.20260301", "ACCESS_DENIED");
        Json elements = Json::array();
        for (auto it = posts_.rbegin(); it != posts_.rend(); ++it) {
            if (it->second.author == author && !it->second.deleted) {
                elements.push(Json::object().set("id", it->first).set("commentary", it->second.commentary).set("createdAt", it->second.created_ms));
            }
        }
        return json_response(200, Json::object().set("elements", elements));
    }
    if (path.rfind("/posts/", 0) == 0 && r.method == "DELETE") {
        const auto post = posts_.find(path.substr(7));
        if (post == posts_.end() || post->second.deleted) return rest_error(404, "Not Found");
        if (!may_act_as(token, post->second.author).empty()) return rest_error(403, "Not enough permissions to delete this post", "ACCESS_DENIED");
        post->second.deleted = true;
        Response gone;
        gone.status = 204;
        return gone;
    }
    if ((path == "/images" || path == "/documents" || path == "/videos") && r.method == "POST" && action == "initializeUpload") {
        return initialize_upload(r, path.substr(1), token);
    }
    if (path == "/videos" && r.method == "POST" && action == "finalizeUpload") return finalize_video(r);
    if (path.rfind("/videos/", 0) == 0 && r.method == "GET") {
        const auto asset = assets_.find(path.substr(8));
        if (asset == assets_.end()) return rest_error(404, "Not Found");
        if (asset->second.status == "PROCESSING" && asset->second.polls_left-- <= 0) {
            asset->second.status = fail_processing_ ? "PROCESSING_FAILED" : "AVAILABLE";
        }
        return json_response(200, Json::object().set("id", asset->first).set("status", asset->second.status));
    }
    if (path.rfind("/images/", 0) == 0 && r.method == "GET") {
        return rest_error(403, "Not enough permissions to access: images.GET (member tokens may not read images)", "ACCESS_DENIED");
    }
    if (path == "/reactions" && r.method == "POST") {
        const Json body = Json::parse(r.body);
        if (const std::string why = may_act_as(token, param(r, "actor")); !why.empty()) return rest_error(403, why, "ACCESS_DENIED");
        const auto post = posts_.find(body["root"].text());
        if (post == posts_.end() || post->second.deleted) return rest_error(404, "Not Found");
        if (body["reactionType"].text() != "LIKE" && body["reactionType"].text() != "PRAISE") return rest_error(422, "invalid reactionType");
        return created("urn:li:reaction:(" + param(r, "actor") + "," + body["root"].text() + ")");
    }
    if (path.rfind("/socialActions/", 0) == 0 && r.method == "POST") {
        const std::string urn = path.substr(15, path.find("/comments") - 15);
        const Json body = Json::parse(r.body);
        if (const std::string why = may_act_as(token, body["actor"].text()); !why.empty()) return rest_error(403, why, "ACCESS_DENIED");
        const auto post = posts_.find(urn);
        if (post == posts_.end() || body["object"].text() != urn) return rest_error(404, "Not Found");
        post->second.comments.push_back(render_little(body["message"]["text"].text()));
        return created("urn:li:comment:(" + urn + "," + std::to_string(next_id_++) + ")");
    }
    return rest_error(404, "No resource found");
}

Response LinkedInModule::create_post(const Request& r, const Token& token) {
    Json body;
    try {
        body = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return rest_error(400, "the body is not JSON");
    }
    for (const char* field : {"author", "visibility", "distribution", "lifecycleState"}) {
        if (!body.has(field)) return rest_error(422, std::string("ERROR :: /") + field + " :: field is required but not found and has no default value");
    }
    const std::string author = body["author"].text();
    if (const std::string why = may_act_as(token, author); !why.empty()) return rest_error(403, why, "ACCESS_DENIED");
    const std::string visibility = body["visibility"].text();
    if (visibility != "PUBLIC" && visibility != "CONNECTIONS" && visibility != "LOGGED_IN") return rest_error(422, "ERROR :: /visibility :: invalid value");
    Post post;
    post.author = author;
    post.commentary = body["commentary"].text();
    post.rendered = render_little(post.commentary);
    if (code_points(post.rendered) > 3000) return rest_error(422, "ERROR :: /commentary :: length exceeds 3000");
    const Json& content = body["content"];
    const auto usable = [&](const std::string& urn, const char* prefix) -> std::string {
        const auto asset = assets_.find(urn);
        if (urn.rfind(prefix, 0) != 0 || asset == assets_.end() || asset->second.owner != author) return "unknown media " + urn;
        if (asset->second.status != "AVAILABLE") return "media " + urn + " is not AVAILABLE (" + asset->second.status + ")";
        return "";
    };
    if (content["media"].is_object()) {
        const std::string id = content["media"]["id"].text();
        const char* prefix = id.rfind("urn:li:video:", 0) == 0 ? "urn:li:video:" : id.rfind("urn:li:document:", 0) == 0 ? "urn:li:document:" : "urn:li:image:";
        if (const std::string why = usable(id, prefix); !why.empty()) return rest_error(422, why);
        if (std::string(prefix) == "urn:li:document:" && content["media"]["title"].text().empty()) return rest_error(422, "ERROR :: /content/media/title :: a document needs a title");
        post.content_kind = std::string(prefix).substr(7, std::string(prefix).size() - 8);
        post.media.push_back(id);
    } else if (content["multiImage"].is_object()) {
        const auto& images = content["multiImage"]["images"].items();
        if (images.size() < 2 || images.size() > 20) return rest_error(422, "ERROR :: /content/multiImage/images :: 2 to 20 images");
        for (const auto& image : images) {
            if (const std::string why = usable(image["id"].text(), "urn:li:image:"); !why.empty()) return rest_error(422, why);
            post.media.push_back(image["id"].text());
        }
        post.content_kind = "multiImage";
    } else if (content["article"].is_object()) {
        if (content["article"]["source"].text().empty() || content["article"]["title"].text().empty()) {
            return rest_error(422, "ERROR :: /content/article :: source and title are required");
        }
        post.content_kind = "article:" + content["article"]["title"].text();
    } else if (body["reshareContext"].is_object()) {
        post.parent = body["reshareContext"]["parent"].text();
        if (posts_.count(post.parent) == 0 || posts_[post.parent].deleted) return rest_error(422, "ERROR :: /reshareContext/parent :: not found");
        post.content_kind = "reshare";
    } else if (post.rendered.empty()) {
        return rest_error(422, "ERROR :: /commentary :: a post needs commentary or content");
    }
    post.created_ms = now_s() * 1000;
    const std::string urn = "urn:li:share:" + std::to_string(next_id_++);
    posts_[urn] = post;
    if (drop_create_answer_next_ > 0) {  // made, then the answer is lost
        --drop_create_answer_next_;
        return rest_error(504, "Gateway Timeout");
    }
    return created(urn);
}

Response LinkedInModule::initialize_upload(const Request& r, const std::string& kind, const Token& token) {
    const Json request = Json::parse(r.body)["initializeUploadRequest"];
    const std::string owner = request["owner"].text();
    if (const std::string why = may_act_as(token, owner); !why.empty()) return rest_error(403, why, "ACCESS_DENIED");
    const std::string id = std::to_string(next_id_++);
    Asset asset;
    asset.owner = owner;
    asset.kind = kind;
    Json value = Json::object().set("uploadUrlExpiresAt", (now_s() + 86400) * 1000);
    if (kind != "videos") {
        const std::string urn = std::string(kind == "images" ? "urn:li:image:" : "urn:li:document:") + "D" + id;
        assets_[urn] = asset;
        value.set("uploadUrl", base_url_ + "/upload/" + sdk::percent_encode(urn)).set(kind == "images" ? "image" : "document", urn);
        return json_response(200, Json::object().set("value", value));
    }
    asset.size = request["fileSizeBytes"].integer(-1);
    if (asset.size <= 0 || asset.size > (500LL << 20)) return rest_error(422, "ERROR :: /fileSizeBytes :: must be 1 byte to 500 MB");
    asset.part_bytes = part_bytes_;
    asset.upload_token = random_text(20);
    const std::string urn = "urn:li:video:C" + id;
    Json instructions = Json::array();
    for (std::int64_t first = 0, part = 0; first < asset.size; first += part_bytes_, ++part) {
        const std::int64_t last = std::min(asset.size, first + part_bytes_) - 1;
        instructions.push(Json::object().set("uploadUrl", base_url_ + "/upload/" + sdk::percent_encode(urn) + "/" + std::to_string(part))
                              .set("firstByte", first).set("lastByte", last));
        asset.etags.emplace_back();
    }
    assets_[urn] = asset;
    value.set("video", urn).set("uploadToken", asset.upload_token).set("uploadInstructions", instructions);
    return json_response(200, Json::object().set("value", value));
}

Response LinkedInModule::put_upload(const Request& r, const std::string& path) {
    const auto slash = path.find('/');
    const std::string urn = sdk::percent_decode(path.substr(0, slash), false);
    const auto asset = assets_.find(urn);
    if (asset == assets_.end()) return rest_error(404, "Not Found");
    const std::string auth = header(r, "Authorization");
    if (auth.rfind("Bearer ", 0) != 0 || tokens_.count(auth.substr(7)) == 0) return rest_error(401, "Invalid access token");
    Asset& a = asset->second;
    if (a.kind != "videos") {
        if (r.body.empty()) return rest_error(400, "empty upload");
        a.size = static_cast<std::int64_t>(r.body.size());
        a.status = "AVAILABLE";  // a second PUT replaces the first
        Response ok;
        ok.status = 201;
        return ok;
    }
    const std::size_t part = slash == std::string::npos ? a.etags.size() : std::stoul(path.substr(slash + 1));
    if (part >= a.etags.size()) return rest_error(400, "no such part");
    const std::int64_t expected = std::min(a.size, static_cast<std::int64_t>(part + 1) * a.part_bytes) - static_cast<std::int64_t>(part) * a.part_bytes;
    if (static_cast<std::int64_t>(r.body.size()) != expected) {
        return rest_error(400, "part " + std::to_string(part) + " must be " + std::to_string(expected) + " bytes, not " + std::to_string(r.body.size()));
    }
    a.etags[part] = "/etag/" + random_text(16);
    Response ok;
    ok.status = 200;
    ok.headers.emplace_back("ETag", a.etags[part]);
    return ok;
}

Response LinkedInModule::finalize_video(const Request& r) {
    const Json request = Json::parse(r.body)["finalizeUploadRequest"];
    const auto asset = assets_.find(request["video"].text());
    if (asset == assets_.end()) return rest_error(404, "Not Found");
    Asset& a = asset->second;
    if (request["uploadToken"].text() != a.upload_token) return rest_error(400, "wrong uploadToken");
    const auto& ids = request["uploadedPartIds"].items();
    if (ids.size() != a.etags.size()) return rest_error(400, "uploadedPartIds must name every part");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (a.etags[i].empty() || ids[i].text() != a.etags[i]) return rest_error(400, "uploadedPartIds are not the parts' ETags in order");
    }
    a.status = "PROCESSING";
    a.polls_left = processing_polls_;
    Response ok;
    ok.status = 200;
    return ok;
}

Json LinkedInModule::state() const {
    Json posts = Json::array();
    for (const auto& [urn, p] : posts_) {
        Json comments = Json::array();
        for (const auto& c : p.comments) comments.push(c);
        posts.push(Json::object().set("id", urn).set("author", p.author).set("commentary", p.commentary).set("rendered", p.rendered)
                       .set("content", p.content_kind).set("media", Json::array_of(p.media)).set("parent", p.parent)
                       .set("comments", comments).set("deleted", p.deleted));
    }
    Json versions = Json::array();
    for (const auto& v : versions_seen_) versions.push(v);
    return Json::object().set("posts", posts).set("uploads", static_cast<std::int64_t>(assets_.size())).set("versions", versions)
        .set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "linkedin",
    "LinkedIn's OAuth, /v2/userinfo and versioned REST API at /linkedin (controls: /_sandbox/linkedin/faults, /state);\n"
    "app sandbox-linkedin-client / sandbox-linkedin-secret, member sbxMember01, page 12345678",
    {{"AGORAS_LINKEDIN_API_URL", "/linkedin"}, {"AGORAS_LINKEDIN_AUTH_URL", "/linkedin/oauth/v2"}},
    [](const SandboxOptions&) { return std::make_unique<LinkedInModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
