#include "mastodon.hpp"

#include "util.hpp"

#include "multipart.hpp"

#include <agoras/sdk/encoding.hpp>
#include <agoras/sdk/url.hpp>

#include <cpprest/json.h>
#include <openssl/sha.h>

#include <strings.h>

#include <chrono>
#include <thread>
#include <ctime>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

constexpr std::int64_t kIdempotencyWindow = 3600;
constexpr const char* kAccessToken = "sandbox-mastodon-personal-token-0123456789";  // "Preferences > Development"

Response error(int status, const std::string& message) {
    json::value body = json::value::object();
    body["error"] = json::value::string(message);
    return json_response(status, body);
}

std::string s256(const std::string& verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    return sdk::base64url_encode(std::string(reinterpret_cast<const char*>(digest), sizeof digest));
}

// Mastodon's count: URLs as 23 characters, @user@domain as @user, in graphemes.
long countable_length(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const bool start = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1]));
        if (start && (text.compare(i, 8, "https://") == 0 || text.compare(i, 7, "http://") == 0)) {
            std::size_t end = i;
            while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
            while (end > i && std::string(".,;:!?)'\"").find(text[end - 1]) != std::string::npos) --end;
            out.append(23, 'x');
            i = end;
            continue;
        }
        if (start && text[i] == '@') {
            const auto second = text.find('@', i + 1);
            const auto space = text.find_first_of(" \t\n", i + 1);
            if (second != std::string::npos && second < space && second > i + 1) {
                out.append(text, i, second - i);
                i = space == std::string::npos ? text.size() : space;
                continue;
            }
        }
        out.push_back(text[i++]);
    }
    return graphemes(out);
}

std::string iso_time(std::int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    return text;
}

}  // namespace

std::int64_t MastodonModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool MastodonModule::authenticated(const Request& r) const {
    const std::string auth = header(r, "Authorization");
    return auth.rfind("Bearer ", 0) == 0 && tokens_.count(auth.substr(7)) > 0;
}

namespace {

void add_rails_fields(const std::string& name, const json::value& v, std::vector<std::pair<std::string, std::string>>& out) {
    if (v.is_object()) {
        for (const auto& [key, value] : v.as_object()) add_rails_fields(name.empty() ? key : name + "[" + key + "]", value, out);
    } else if (v.is_array()) {
        for (const auto& element : v.as_array()) add_rails_fields(name + "[]", element, out);
    } else if (v.is_string()) {
        out.emplace_back(name, v.as_string());
    } else {
        out.emplace_back(name, v.is_null() ? "" : v.serialize());
    }
}

// A JSON object as Rails reads it into form fields: a nested object as name[key], an array as name[] once per
// element, scalars as their text (true, 12), null as "".
std::vector<std::pair<std::string, std::string>> rails_form_fields(const json::value& object) {
    std::vector<std::pair<std::string, std::string>> out;
    add_rails_fields("", object, out);
    return out;
}

// Mastodon (Rails) reads query strings, forms, JSON and multipart alike. Everything but a media upload is turned
// into the form it stands for, so that the routes read one shape; nullopt when the body is not what it claims.
std::optional<Request> as_form(const Request& request) {
    const std::string type = header(request, "Content-Type");
    const bool json = type.rfind("application/json", 0) == 0;
    const bool multipart = type.rfind("multipart/form-data", 0) == 0 && request.path.find("/media") == std::string::npos;
    if ((!json && !multipart) || request.body.empty()) return request;  // a GET may carry the type and no body
    std::vector<std::pair<std::string, std::string>> fields;
    if (json) {
        const auto body = json_object_body(request);
        if (!body) return std::nullopt;
        fields = rails_form_fields(*body);
    } else {
        const auto parts = parse_multipart(type, request.body);
        if (!parts) return std::nullopt;
        for (const auto& part : *parts) fields.emplace_back(part.name, part.data);
    }
    Request form = request;
    form.body = sdk::encode_params(fields);
    for (auto& [name, value] : form.headers) {
        if (name.size() == 12 && strcasecmp(name.c_str(), "Content-Type") == 0) value = "application/x-www-form-urlencoded";
    }
    for (const auto& [name, value] : fields) form.params[name] = value;
    return form;
}

}  // namespace

Response MastodonModule::handle(const Request& received) {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto normalized = as_form(received);
    if (!normalized) return error(400, "Unexpected token: the request body is not what its Content-Type says");
    const Request& request = *normalized;
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    const bool prefixed = request.path.rfind(std::string(kPrefix) + "/", 0) == 0;
    base_url_ = "http://" + header(request, "Host") + (prefixed ? kPrefix : "");
    const std::string path = prefixed ? request.path.substr(std::string(kPrefix).size()) : request.path;
    Response response;
    if (rate_limit_next_ > 0) {
        --rate_limit_next_;
        response = error(429, "Too many requests");
    } else if (server_error_next_ > 0) {
        --server_error_next_;
        response = error(503, "Service Unavailable");
    } else {
        response = route(request, path);
    }
    // Every answer carries the rate-limit headers; a 429's reset is one second ahead.
    response.headers.emplace_back("X-RateLimit-Limit", "300");
    response.headers.emplace_back("X-RateLimit-Remaining", response.status == 429 ? "0" : "299");
    response.headers.emplace_back("X-RateLimit-Reset", iso_time(now_s() + 1));
    // A slow answer after the status is made: a client killed meanwhile never learns its id.
    if (latency_ms_ > 0 && path == "/api/v1/statuses" && request.method == "POST") {
        const int latency = latency_ms_;
        lock.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(latency));
    }
    return response;
}

Response MastodonModule::route(const Request& r, const std::string& given_path) {
    // Rails's routes take a path with or without a trailing slash (/oauth/authorize/).
    std::string path = given_path;
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    if (path == "/api/v1/apps" && r.method == "POST") return create_app(r);
    if (path == "/oauth/authorize" && r.method == "GET") return authorize(r);
    if (path == "/oauth/token" && r.method == "POST") return token(r);
    if (path == "/api/v2/instance" && r.method == "GET") {
        if (legacy_) return error(404, "Record not found");
        json::value body = json::value::parse(R"({"domain":"sandbox.test","title":"agoras sandbox","version":"4.3.0","source_url":"https://github.com/mastodon/mastodon","description":"A stand-in for a Mastodon instance","usage":{"users":{"active_month":1}},"languages":["en"],"registrations":{"enabled":false,"approval_required":false,"message":null},"contact":{"email":"admin@sandbox.test","account":null},"rules":[],"configuration":{"urls":{},"accounts":{"max_featured_tags":10},"statuses":{},"media_attachments":{"image_size_limit":16777216,"video_size_limit":103809024,"supported_mime_types":["image/jpeg","image/png","image/gif","image/webp","video/mp4"]},"polls":{"max_options":4,"max_characters_per_option":50,"min_expiration":300,"max_expiration":2629746},"translation":{"enabled":false}}})");
        body["configuration"]["statuses"]["max_characters"] = json::value::number(max_characters_);
        body["configuration"]["statuses"]["max_media_attachments"] = json::value::number(max_media_);
        body["configuration"]["statuses"]["characters_reserved_per_url"] = json::value::number(23);
        return json_response(200, body);
    }
    if (path == "/api/v1/instance" && r.method == "GET") {
        // As Mastodon 3.5 (media and URL limits in configuration) with a fork's max_toot_chars.
        // Mastodon 4 still answers here, deprecated; toot reads title and version at login.
        json::value body = json::value::parse(R"({"uri":"sandbox.test","title":"agoras sandbox","short_description":"","description":"A stand-in for a Mastodon instance","email":"admin@sandbox.test","urls":{},"stats":{"user_count":1,"status_count":0,"domain_count":1},"languages":["en"],"registrations":false,"approval_required":false,"invites_enabled":false,"contact_account":null,"rules":[],"configuration":{"statuses":{"characters_reserved_per_url":23}}})");
        body["version"] = json::value::string(legacy_ ? "3.5.0" : "4.3.0");
        body["max_toot_chars"] = json::value::number(max_characters_);
        body["configuration"]["statuses"]["max_media_attachments"] = json::value::number(max_media_);
        return json_response(200, body);
    }
    if (!authenticated(r)) return error(401, "The access token is invalid");
    if (path == "/api/v1/accounts/verify_credentials" && r.method == "GET") {
        return json_response(200, account_json());
    }
    if (path == "/api/v2/media" && r.method == "POST") return upload(r, false);
    if (path == "/api/v1/media" && r.method == "POST") return upload(r, true);
    if (path.rfind("/api/v1/media/", 0) == 0 && r.method == "GET") {
        const auto found = media_.find(path.substr(14));
        if (found == media_.end()) return error(404, "Record not found");
        const json::value body = media_json(found->first);
        if (found->second.polls_left == 0) return json_response(200, body);
        --found->second.polls_left;
        return json_response(206, body);
    }
    if (path == "/api/v1/statuses" && r.method == "POST") return create_status(r);
    if (path == "/api/v2/search" && r.method == "GET") {
        const auto q = r.params.find("q");
        json::value body = json::value::parse(R"({"accounts":[],"hashtags":[],"statuses":[]})");
        if (q != r.params.end()) {
            const std::string id = q->second.substr(q->second.find_last_of('/') + 1);
            if (statuses_.count(id) > 0 && !statuses_[id].deleted) {
                body["statuses"] = json::value::array(1);
                body["statuses"][0] = json::value::object();
                body["statuses"][0]["id"] = json::value::string(id);
            }
        }
        return json_response(200, body);
    }
    if (path.rfind("/api/v1/statuses/", 0) == 0) {
        std::string rest = path.substr(17);
        const std::string id = rest.substr(0, rest.find('/'));
        const std::string verb = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
        const auto found = statuses_.find(id);
        if (found == statuses_.end() || found->second.deleted) return error(404, "Record not found");
        if (verb.empty() && r.method == "DELETE") {
            found->second.deleted = true;
            return status_json(id);
        }
        if (verb == "favourite" && r.method == "POST") {
            found->second.favourited = true;
            return status_json(id);
        }
        if (verb == "reblog" && r.method == "POST") {
            if (found->second.visibility == "private" || found->second.visibility == "direct") {
                return error(422, "Validation failed: Reblog of status is not permitted");
            }
            for (const auto& [sid, s] : statuses_) {
                if (s.reblog_of == id && !s.deleted) return status_json(sid);  // one reblog per account
            }
            const std::string rid = std::to_string(next_id_++);
            Status reblog;
            reblog.reblog_of = id;
            reblog.visibility = "public";
            reblog.created_at = now_s();
            statuses_[rid] = reblog;
            return status_json(rid);
        }
        if (verb.empty() && r.method == "GET") return status_json(id);
    }
    return error(404, "Record not found");
}

Response MastodonModule::create_app(const Request& r) {
    const auto param = [&](const char* name) { const auto it = r.params.find(name); return it == r.params.end() ? std::string() : it->second; };
    if (param("client_name").empty()) return error(422, "Validation failed: Application name can't be blank");
    const std::string uris = param("redirect_uris");
    if (uris.empty()) return error(422, "Validation failed: Redirect URI can't be blank");
    App app{random_text(43), param("scopes").empty() ? "read" : param("scopes"), {}};
    for (std::size_t start = 0; start <= uris.size();) {
        const auto end = std::min(uris.find('\n', start), uris.size());
        const std::string uri = uris.substr(start, end - start);
        if (uri != "urn:ietf:wg:oauth:2.0:oob" && uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0) {
            return error(422, "Validation failed: Redirect URI must be an absolute URI.");
        }
        app.redirect_uris.push_back(uri);
        start = end + 1;
    }
    const std::string client_id = random_text(43);
    apps_[client_id] = app;
    ++app_registrations_;
    json::value body = json::value::object();
    body["id"] = json::value::string(std::to_string(app_registrations_));
    body["name"] = json::value::string(param("client_name"));
    body["client_id"] = json::value::string(client_id);
    body["client_secret"] = json::value::string(app.client_secret);
    body["scopes"] = json::value::string(app.scopes);
    body["redirect_uri"] = json::value::string(uris);
    return json_response(200, body);
}

// The consent page approves at once: a redirect to a loopback URI, or the code shown for out-of-band.
Response MastodonModule::authorize(const Request& r) {
    const auto param = [&](const char* name) { const auto it = r.params.find(name); return it == r.params.end() ? std::string() : it->second; };
    const auto app = apps_.find(param("client_id"));
    if (app == apps_.end()) return error(401, "Client authentication failed due to unknown client");
    const std::string redirect = param("redirect_uri");
    if (std::find(app->second.redirect_uris.begin(), app->second.redirect_uris.end(), redirect) == app->second.redirect_uris.end()) {
        return error(400, "The redirect uri included is not valid.");
    }
    if (param("response_type") != "code") return error(400, "The authorization server does not support this response type.");
    // PKCE is optional at Mastodon (4.3 and later); when used, only S256.
    if (!param("code_challenge").empty() && param("code_challenge_method") != "S256") {
        return error(400, "The code challenge method must be S256.");
    }
    const std::string code = next_code_.empty() ? random_text(43) : next_code_;
    next_code_.clear();
    codes_[code] = Code{param("client_id"), redirect, param("code_challenge"), param("scope")};
    Response page;
    if (redirect == "urn:ietf:wg:oauth:2.0:oob") {
        page.content_type = "text/html; charset=utf-8";
        page.body = "<!doctype html><title>Authorization code</title><p>Copy this authorization code and paste it to the "
                    "application.</p><code>" + code + "</code>";
        return page;
    }
    page.status = 302;
    page.content_type = "text/html";
    page.headers.emplace_back("Location", redirect + "?code=" + code + "&state=" + sdk::percent_encode(param("state")));
    return page;
}

Response MastodonModule::token(const Request& r) {
    const auto param = [&](const char* name) { const auto it = r.params.find(name); return it == r.params.end() ? std::string() : it->second; };
    const auto app = apps_.find(param("client_id"));
    if (app == apps_.end() || app->second.client_secret != param("client_secret")) {
        return json_response(401, json::value::parse(R"({"error":"invalid_client","error_description":"Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."})"));
    }
    if (param("grant_type") != "authorization_code") return error(400, "unsupported_grant_type");
    const auto code = codes_.find(param("code"));
    const auto invalid_grant = json_response(400, json::value::parse(R"({"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."})"));
    if (code == codes_.end() || code->second.client_id != param("client_id") || code->second.redirect_uri != param("redirect_uri")) return invalid_grant;
    if (!code->second.challenge.empty() && s256(param("code_verifier")) != code->second.challenge) return invalid_grant;
    const std::string scopes = code->second.scopes;
    codes_.erase(code);  // single use
    const std::string access = random_text(43);
    tokens_[access] = scopes;
    json::value body = json::value::object();
    body["access_token"] = json::value::string(access);
    body["token_type"] = json::value::string("Bearer");
    body["scope"] = json::value::string(scopes);
    body["created_at"] = json::value::number(now_s());
    return json_response(200, body);
}

Response MastodonModule::upload(const Request& r, bool synchronous) {
    const auto parts = parse_multipart(header(r, "Content-Type"), r.body);
    if (!parts) return error(422, "Validation failed: File can't be blank");
    Media m;
    bool has_file = false;
    for (const auto& part : *parts) {
        if (part.name == "file" && !part.filename.empty()) {
            has_file = true;
            m.size = part.data.size();
            const bool video = part.data.size() > 8 && part.data.compare(4, 4, "ftyp") == 0;
            const bool image = part.data.rfind("\xFF\xD8\xFF", 0) == 0 || part.data.rfind("\x89PNG", 0) == 0 ||
                               part.data.rfind("GIF8", 0) == 0 || (part.data.compare(0, 4, "RIFF") == 0 && part.data.compare(8, 4, "WEBP") == 0);
            if (!video && !image) return error(422, "Validation failed: File content type is invalid");
            m.type = video ? "video" : "image";
        } else if (part.name == "description") {
            m.description = part.data;
            if (graphemes(m.description) > 1500) return error(422, "Validation failed: Description is too long (maximum is 1500 characters)");
        }
    }
    if (!has_file) return error(422, "Validation failed: File can't be blank");
    // Small images are processed at once (200); videos, and everything while media_polls is set, later (202).
    // /api/v1/media processes before it answers.
    m.polls_left = synchronous ? 0 : m.type == "video" ? std::max(media_polls_, 1) : media_polls_;
    const std::string id = std::to_string(next_id_++);
    media_[id] = m;
    return json_response(m.polls_left > 0 ? 202 : 200, media_json(id));
}

// A MediaAttachment: url (and preview_url) null while it is processed.
json::value MastodonModule::media_json(const std::string& id) const {
    const Media& m = media_.at(id);
    json::value body = json::value::object();
    body["id"] = json::value::string(id);
    body["type"] = json::value::string(m.type);
    const bool ready = m.polls_left == 0;
    body["url"] = ready ? json::value::string(base_url_ + "/media/" + id) : json::value::null();
    body["preview_url"] = ready ? json::value::string(base_url_ + "/media/" + id + "/small") : json::value::null();
    body["remote_url"] = json::value::null();
    body["meta"] = json::value::object();
    body["description"] = m.description.empty() ? json::value::null() : json::value::string(m.description);
    body["blurhash"] = json::value::null();
    return body;
}

// The Account entity, with the fields clients read.
json::value MastodonModule::account_json() const {
    json::value a = json::value::parse(R"({"id":"109000000000000001","username":"alice","acct":"alice","display_name":"Alice","locked":false,"bot":false,"discoverable":true,"group":false,"created_at":"2026-01-01T00:00:00.000Z","note":"","followers_count":0,"following_count":0,"emojis":[],"fields":[]})");
    a["url"] = json::value::string(base_url_ + "/@alice");
    // One key at a time: cpprest's objects may move their values when a key is added.
    for (const char* key : {"avatar", "avatar_static"}) a[key] = json::value::string(base_url_ + "/avatars/original/missing.png");
    for (const char* key : {"header", "header_static"}) a[key] = json::value::string(base_url_ + "/headers/original/missing.png");
    a["statuses_count"] = json::value::number(static_cast<int>(statuses_.size()));
    a["last_status_at"] = json::value::null();
    json::value source = json::value::object();
    source["privacy"] = json::value::string("public");
    source["sensitive"] = json::value::boolean(false);
    source["language"] = json::value::string("en");
    source["note"] = json::value::string("");
    source["fields"] = json::value::array();
    a["source"] = source;
    return a;
}

Response MastodonModule::create_status(const Request& r) {
    const std::string key = header(r, "Idempotency-Key");
    if (!key.empty()) {
        for (const auto& [id, s] : statuses_) {
            if (s.idempotency_key == key && now_s() - s.created_at < kIdempotencyWindow) return status_json(id);
        }
    }
    const auto param = [&](const char* name) { const auto it = r.params.find(name); return it == r.params.end() ? std::string() : it->second; };
    Status s;
    s.text = param("status");
    s.spoiler = param("spoiler_text");
    s.visibility = param("visibility").empty() ? "public" : param("visibility");
    s.language = param("language");
    s.sensitive = param("sensitive") == "true";
    s.in_reply_to = param("in_reply_to_id");
    s.idempotency_key = key;
    for (const auto& [name, value] : sdk::decode_params(r.body)) {
        if (name == "media_ids[]") s.media.push_back(value);
    }
    if (s.visibility != "public" && s.visibility != "unlisted" && s.visibility != "private" && s.visibility != "direct") {
        return error(422, "Validation failed: Visibility is not included in the list");
    }
    if (s.text.empty() && s.media.empty()) return error(422, "Validation failed: Text can't be blank");
    const long length = countable_length(s.text) + graphemes(s.spoiler);
    if (length > max_characters_) return error(422, "Validation failed: Text character limit of " + std::to_string(max_characters_) + " exceeded");
    if (static_cast<int>(s.media.size()) > max_media_) return error(422, "Validation failed: Media attachments are too many");
    for (const auto& id : s.media) {
        const auto found = media_.find(id);
        if (found == media_.end()) return error(422, "Validation failed: Media attachments are invalid");
        if (found->second.polls_left > 0) return error(422, "Cannot attach files that have not finished processing. Try again in a moment!");
        if (found->second.attached) return error(422, "Validation failed: Media attachments are already attached");
    }
    if (!s.in_reply_to.empty() && (statuses_.count(s.in_reply_to) == 0 || statuses_[s.in_reply_to].deleted)) {
        return error(404, "Record not found");
    }
    for (const auto& id : s.media) media_[id].attached = true;
    s.created_at = now_s();
    const std::string id = std::to_string(next_id_++);
    statuses_[id] = s;
    if (create_then_fail_next_ > 0) {
        --create_then_fail_next_;
        return error(502, "Bad Gateway");
    }
    return status_json(id);
}

Response MastodonModule::status_json(const std::string& id) {
    const Status& s = statuses_.at(id);
    json::value body = json::value::object();
    body["id"] = json::value::string(id);
    body["url"] = json::value::string(base_url_ + "/@alice/" + id);
    body["content"] = json::value::string("<p>" + s.text + "</p>");
    body["spoiler_text"] = json::value::string(s.spoiler);
    body["visibility"] = json::value::string(s.visibility);
    body["sensitive"] = json::value::boolean(s.sensitive);
    body["favourited"] = json::value::boolean(s.favourited);
    body["in_reply_to_id"] = s.in_reply_to.empty() ? json::value::null() : json::value::string(s.in_reply_to);
    // The rest of the Status entity, which clients read.
    body["uri"] = json::value::string(base_url_ + "/users/alice/statuses/" + id);
    body["created_at"] = json::value::string(iso_time(s.created_at));
    body["edited_at"] = json::value::null();
    body["account"] = account_json();
    body["in_reply_to_account_id"] = s.in_reply_to.empty() ? json::value::null() : json::value::string("109000000000000001");
    body["language"] = s.language.empty() ? json::value::null() : json::value::string(s.language);
    json::value attachments = json::value::array();
    for (const auto& media_id : s.media) attachments[attachments.size()] = media_json(media_id);
    body["media_attachments"] = attachments;
    // One key at a time: cpprest's objects may move their values when a key is added.
    for (const char* key : {"mentions", "tags", "emojis"}) body[key] = json::value::array();
    for (const char* key : {"replies_count", "reblogs_count"}) body[key] = json::value::number(0);
    body["favourites_count"] = json::value::number(s.favourited ? 1 : 0);
    for (const char* key : {"reblogged", "muted", "bookmarked", "pinned"}) body[key] = json::value::boolean(false);
    for (const char* key : {"card", "poll", "application"}) body[key] = json::value::null();
    if (!s.reblog_of.empty()) {
        body["reblog"] = json::value::object();
        body["reblog"]["id"] = json::value::string(s.reblog_of);
        body["reblog"]["url"] = json::value::string(base_url_ + "/@alice/" + s.reblog_of);
    } else {
        body["reblog"] = json::value::null();
    }
    return json_response(200, body);
}

MastodonModule::MastodonModule() {
    controls_.number("rate_limit_next", rate_limit_next_)
        .number("server_error_next", server_error_next_)
        .number("create_then_fail_next", create_then_fail_next_)
        .number("media_polls", media_polls_)
        .number("latency_ms", latency_ms_)
        .number("max_characters", max_characters_)
        .number("max_media", max_media_)
        .flag("legacy", legacy_)
        .text("next_code", next_code_)
        .fault("personal_token", [this](const std::string& value) {
            if (value == "true") tokens_[kAccessToken] = "read write";
        })
        .state([this] { return state(); });
}

Json MastodonModule::state() const {
    Json statuses = Json::array();
    for (const auto& [id, s] : statuses_) {
        Json media = Json::array();
        for (const auto& media_id : s.media) {
            const Media& m = media_.at(media_id);
            media.push(Json::object()
                           .set("type", m.type)
                           .set("description", m.description)
                           .set("size", static_cast<unsigned long long>(m.size)));
        }
        statuses.push(Json::object()
                          .set("id", id)
                          .set("text", s.text)
                          .set("spoiler_text", s.spoiler)
                          .set("visibility", s.visibility)
                          .set("language", s.language)
                          .set("sensitive", s.sensitive)
                          .set("in_reply_to_id", s.in_reply_to)
                          .set("reblog_of", s.reblog_of)
                          .set("favourited", s.favourited)
                          .set("deleted", s.deleted)
                          .set("media", std::move(media)));
    }
    return Json::object()
        .set("statuses", std::move(statuses))
        .set("app_registrations", app_registrations_)
        .set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "mastodon",
    "an instance at /mastodon (controls: /_sandbox/mastodon/faults, /state); the account @alice",
    {},
    [](const SandboxOptions&) { return std::make_unique<MastodonModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
