#include "threads.hpp"

#include "util.hpp"

#include <agoras/sdk/url.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

constexpr std::int64_t kShortLived = 3600, kLongLived = 60 * 24 * 3600, kDay = 24 * 3600;
constexpr std::size_t kMaxText = 500;

std::size_t utf8_length(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(separator, start), text.size());
        if (end > start) parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

Response page(int status, const std::string& title, const std::string& text) {
    Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = "<!doctype html><title>" + title + "</title><h1>" + title + "</h1><p>" + text + "</p>";
    return r;
}

json::value metric(const std::string& name, std::int64_t value, bool total) {
    json::value item = json::value::object();
    item["name"] = json::value::string(name);
    item["period"] = json::value::string(total ? "day" : "lifetime");
    if (total) {
        item["total_value"] = json::value::object();
        item["total_value"]["value"] = json::value::number(value);
    } else {
        item["values"] = json::value::array(1);
        item["values"][0] = json::value::object();
        item["values"][0]["value"] = json::value::number(value);
    }
    return item;
}

json::value quota(int total) {
    json::value config = json::value::object();
    config["quota_total"] = json::value::number(total);
    config["quota_duration"] = json::value::number(86400);
    return config;
}

}  // namespace

Response graph_error(int http_status, int code, int subcode, const std::string& message, const std::string& type) {
    json::value error = json::value::object();
    error["message"] = json::value::string(message);
    error["type"] = json::value::string(type);
    error["code"] = json::value::number(code);
    if (subcode != 0) error["error_subcode"] = json::value::number(subcode);
    error["fbtrace_id"] = json::value::string("Sandbox" + random_text(8));
    json::value body = json::value::object();
    body["error"] = error;
    return json_response(http_status, body);
}

ThreadsModule::ThreadsModule(std::string app_id, std::string app_secret) {
    controls_.number("rate_limit_next", faults_.rate_limit_next)
        .number("http_429_next", faults_.http_429_next)
        .number("retry_after_s", faults_.retry_after_s)
        .number("server_error_next", faults_.server_error_next)
        .number("publish_not_ready_next", faults_.publish_not_ready_next)
        .number("publish_then_fail_next", faults_.publish_then_fail_next)
        .number("container_delay_ms", faults_.container_delay_ms)
        .number("latency_ms", faults_.latency_ms)
        .number("video_delay_ms", faults_.video_delay_ms)
        .text("container_error", faults_.container_error)
        .flag("expire_tokens", faults_.expire_tokens)
        .flag("deny_consent", faults_.deny_consent)
        .clock(clock_offset_s_, [this] { return now_ms() / 1000; })
        .state([this] { return state(); });
    apps_.emplace(kSecondAppId, App{kSecondAppSecret, "17841400000000002", "sandbox_user_2"});
    apps_[app_id] = App{std::move(app_secret), "17841400000000001", "sandbox_user"};
}

const ThreadsModule::App* ThreadsModule::app(const std::string& app_id) const {
    const auto found = apps_.find(app_id);
    return found == apps_.end() ? nullptr : &found->second;
}

const ThreadsModule::App* ThreadsModule::app_of_user(const std::string& user_id) const {
    for (const auto& [id, a] : apps_) {
        if (a.user_id == user_id) return &a;
    }
    return nullptr;
}

std::int64_t ThreadsModule::now_ms() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() + clock_offset_s_ * 1000;
}

std::string ThreadsModule::new_id() { return std::to_string(next_id_++); }

Response ThreadsModule::handle(const Request& request) {
    if (request.path.rfind("/_sandbox/", 0) != 0) {
        std::int64_t latency = 0;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            latency = faults_.latency_ms;
        }
        // Outside the lock, so that concurrent requests wait side by side, as on a real network.
        if (latency > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    Request r = request;
    if (r.path.rfind("/v1.0/", 0) == 0) r.path = r.path.substr(5);  // data endpoints are versioned
    if (controls_.owns(r)) return controls_.handle(r);
    ++requests_;
    if (r.path == "/oauth/authorize") return authorize(r);
    if (faults_.http_429_next > 0) {
        --faults_.http_429_next;
        Response busy = graph_error(429, 4, 0, "Too many requests");
        busy.headers.emplace_back("Retry-After", std::to_string(faults_.retry_after_s));
        return busy;
    }
    if (faults_.server_error_next > 0) {
        --faults_.server_error_next;
        return graph_error(500, 2, 0, "An unexpected error has occurred. Please retry your request later.");
    }
    if (faults_.rate_limit_next > 0) {
        --faults_.rate_limit_next;
        return graph_error(400, 4, 0, "Application request limit reached");
    }
    if (r.path == "/oauth/access_token" && r.method == "POST") return access_token(r);
    if (r.path == "/access_token" && r.method == "GET") return exchange(r);
    if (r.path == "/refresh_access_token" && r.method == "GET") return refresh(r);
    return graph(r);
}

Response ThreadsModule::authorize(const Request& r) {
    const std::string redirect = param(r, "redirect_uri");
    if (app(param(r, "client_id")) == nullptr) {
        return page(400, "Invalid Request",
                    "{\"error_message\":\"No application data was given\",\"error_code\":1349026}");
    }
    if (redirect.rfind("https://", 0) != 0 || param(r, "response_type") != "code" || param(r, "scope").empty()) {
        return page(400, "Invalid Request", "redirect_uri (https), response_type=code and scope are required");
    }
    const std::string state = param(r, "state");
    std::string location = redirect + "?";
    if (faults_.deny_consent) {
        location += "error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request";
    } else {
        const std::string code = "AQ" + random_text(40);
        codes_[code] = {redirect, param(r, "client_id")};
        location += "code=" + code;
    }
    if (!state.empty()) location += "&state=" + sdk::percent_encode(state);
    if (!faults_.deny_consent) location += "#_";
    Response response;
    response.status = 302;
    response.content_type = "text/html";
    response.headers.emplace_back("Location", location);
    response.body = "<a href=\"" + location + "\">continue</a>";
    return response;
}

Response ThreadsModule::access_token(const Request& r) {
    const App* client = app(param(r, "client_id"));
    if (client == nullptr) return graph_error(400, 101, 0, "Error validating application. Invalid application ID.");
    if (param(r, "client_secret") != client->secret) return graph_error(400, 1, 0, "Error validating client secret.");
    const auto code = codes_.find(param(r, "code"));
    if (param(r, "grant_type") != "authorization_code" || code == codes_.end() ||
        code->second != std::make_pair(param(r, "redirect_uri"), param(r, "client_id"))) {
        json::value body = json::value::object();
        body["error_type"] = json::value::string("OAuthException");
        body["code"] = json::value::number(400);
        body["error_message"] = json::value::string("Matching code was not found or was already used");
        return json_response(400, body);
    }
    codes_.erase(code);
    const std::string token = "THSL" + random_text(60);
    const std::int64_t now = now_ms() / 1000;
    tokens_[token] = Token{client->user_id, false, now, now + kShortLived};
    json::value body = json::value::object();
    body["access_token"] = json::value::string(token);
    body["user_id"] = json::value::number(static_cast<int64_t>(std::stoll(client->user_id)));
    return json_response(200, body);
}

Response ThreadsModule::issue_long_lived(const std::string& user_id, std::int64_t now) {
    const std::string token = "THLL" + random_text(120);
    tokens_[token] = Token{user_id, true, now, now + kLongLived};
    json::value body = json::value::object();
    body["access_token"] = json::value::string(token);
    body["token_type"] = json::value::string("bearer");
    body["expires_in"] = json::value::number(kLongLived);
    return json_response(200, body);
}

Response ThreadsModule::exchange(const Request& r) {
    if (param(r, "grant_type") != "th_exchange_token") return graph_error(400, 100, 0, "Unsupported grant_type");
    const auto found = tokens_.find(param(r, "access_token"));
    const App* owner = found == tokens_.end() ? nullptr : app_of_user(found->second.user_id);
    if (owner != nullptr && param(r, "client_secret") != owner->secret) {
        return graph_error(400, 1, 0, "Error validating client secret.");
    }
    const std::int64_t now = now_ms() / 1000;
    if (found == tokens_.end() || found->second.long_lived || found->second.expires_at <= now) {
        return graph_error(400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
    }
    return issue_long_lived(found->second.user_id, now);
}

Response ThreadsModule::refresh(const Request& r) {
    ++refresh_calls_;
    const auto found = tokens_.find(param(r, "access_token"));
    const std::int64_t now = now_ms() / 1000;
    if (param(r, "grant_type") != "th_refresh_token") return graph_error(400, 100, 0, "Unsupported grant_type");
    if (found == tokens_.end() || !found->second.long_lived) {
        return graph_error(400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
    }
    if (faults_.expire_tokens || found->second.expires_at <= now) {
        return graph_error(400, 190, 463, "Error validating access token: Session has expired.");
    }
    if (now - found->second.issued_at < kDay) {
        return graph_error(400, 100, 0, "The access token is less than 24 hours old and cannot be refreshed yet");
    }
    return issue_long_lived(found->second.user_id, now);
}

const ThreadsModule::Token* ThreadsModule::authenticate(const Request& r, Response& error) {
    const auto found = tokens_.find(param(r, "access_token"));
    if (found == tokens_.end()) {
        error = graph_error(400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
        return nullptr;
    }
    if (faults_.expire_tokens || found->second.expires_at <= now_ms() / 1000) {
        error = graph_error(400, 190, 463, "Error validating access token: Session has expired.");
        return nullptr;
    }
    return &found->second;
}

Response ThreadsModule::graph(const Request& r) {
    Response error;
    const Token* token = authenticate(r, error);
    if (token == nullptr) return error;
    const auto parts = split(r.path, '/');
    if (parts.empty()) return graph_error(400, 100, 0, "Unsupported request");
    const bool is_user = parts[0] == "me" || parts[0] == token->user_id;

    if (parts.size() == 1 && parts[0] == "me" && r.method == "GET") {
        json::value body = json::value::object();
        body["id"] = json::value::string(token->user_id);
        body["username"] = json::value::string(app_of_user(token->user_id)->username);
        body["name"] = json::value::string("Sandbox User");
        return json_response(200, body);
    }
    if (parts.size() == 2 && is_user && parts[1] == "threads" && r.method == "POST") return create_container(r);
    if (parts.size() == 2 && is_user && parts[1] == "threads" && r.method == "GET") return list_threads(r, token->user_id);
    if (parts.size() == 2 && is_user && parts[1] == "threads_publish" && r.method == "POST") return publish(r, token->user_id);
    if (parts.size() == 2 && is_user && parts[1] == "threads_publishing_limit") {
        json::value usage = json::value::object();
        int posts = 0;
        for (const auto& [id, post] : posts_) posts += post.reply_to.empty() && post.media_type != "REPOST_FACADE";
        usage["quota_usage"] = json::value::number(posts);
        usage["config"] = quota(250);
        usage["reply_quota_usage"] = json::value::number(replies_);
        usage["reply_config"] = quota(1000);
        usage["delete_quota_usage"] = json::value::number(deletes_);
        usage["delete_config"] = quota(100);
        json::value body = json::value::object();
        body["data"] = json::value::array(1);
        body["data"][0] = usage;
        return json_response(200, body);
    }
    if (parts.size() == 2 && is_user && parts[1] == "threads_insights") {
        json::value body = json::value::object();
        body["data"] = json::value::array(3);
        body["data"][0] = metric("views", 42, false);
        body["data"][1] = metric("likes", static_cast<std::int64_t>(posts_.size()), true);
        body["data"][2] = metric("followers_count", 7, true);
        return json_response(200, body);
    }
    const auto post = posts_.find(parts[0]);
    if (parts.size() == 2 && parts[1] == "repost" && r.method == "POST") {
        if (post == posts_.end() || post->second.deleted) return graph_error(400, 100, 33, "Object does not exist");
        const std::string id = new_id();
        posts_[id] = Post{"REPOST_FACADE", "", "", token->user_id, false, now_ms(), parts[0]};
        json::value body = json::value::object();
        body["id"] = json::value::string(id);
        return json_response(200, body);
    }
    if (parts.size() == 2 && parts[1] == "insights") {
        if (post == posts_.end() || post->second.deleted) return graph_error(400, 100, 33, "Object does not exist");
        json::value body = json::value::object();
        body["data"] = json::value::array(2);
        body["data"][0] = metric("likes", 3, false);
        body["data"][1] = metric("replies", 1, false);
        return json_response(200, body);
    }
    if (parts.size() == 1 && r.method == "DELETE") {
        if (post == posts_.end() || post->second.deleted) return graph_error(400, 100, 33, "Object does not exist");
        post->second.deleted = true;
        ++deletes_;
        json::value body = json::value::object();
        body["success"] = json::value::boolean(true);
        body["deleted_id"] = json::value::string(parts[0]);
        return json_response(200, body);
    }
    if (parts.size() == 1 && r.method == "GET" && param(r, "fields") == "permalink") {
        if (posts_.count(parts[0]) == 0) return graph_error(400, 100, 33, "Object with ID '" + parts[0] + "' does not exist");
        json::value body = json::value::object();
        body["id"] = json::value::string(parts[0]);
        const App* author = app_of_user(posts_.at(parts[0]).owner);
        body["permalink"] = json::value::string("https://www.threads.net/@" + (author ? author->username : "unknown") +
                                                "/post/SB" + parts[0]);
        return json_response(200, body);
    }
    if (parts.size() == 1 && r.method == "GET") return object_status(parts[0]);
    return graph_error(400, 100, 0, "Unsupported request: " + r.method + " " + r.path);
}

Response ThreadsModule::create_container(const Request& r) {
    Container c;
    c.media_type = param(r, "media_type");
    c.text = param(r, "text");
    if (utf8_length(c.text) > kMaxText) return graph_error(400, 100, 0, "The text is too long (maximum 500 characters)");
    const std::int64_t now = now_ms();
    if (c.media_type == "TEXT") {
        if (c.text.empty()) return graph_error(400, 100, 0, "A text post needs text");
    } else if (c.media_type == "IMAGE") {
        if (param(r, "image_url").empty()) return graph_error(400, 100, 0, "image_url is required for IMAGE");
    } else if (c.media_type == "VIDEO") {
        if (param(r, "video_url").empty()) return graph_error(400, 100, 0, "video_url is required for VIDEO");
    } else if (c.media_type == "CAROUSEL") {
        c.children = split(param(r, "children"), ',');
        if (c.children.size() < 2 || c.children.size() > 20) {
            return graph_error(400, 100, 0, "A carousel needs 2 to 20 children");
        }
        for (const auto& child : c.children) {
            const auto found = containers_.find(child);
            if (found == containers_.end() || found->second.ready_at_ms > now) {
                return graph_error(400, 100, 0, "Carousel item " + child + " is not ready");
            }
        }
    } else {
        return graph_error(400, 100, 0, "Invalid media_type '" + c.media_type + "'");
    }
    const std::string reply_to = param(r, "reply_to_id");
    if (!reply_to.empty() && posts_.count(reply_to) == 0) return graph_error(400, 100, 33, "reply_to_id does not exist");
    c.ready_at_ms = now + (c.media_type == "VIDEO" ? faults_.video_delay_ms : faults_.container_delay_ms);
    c.error = faults_.container_error;
    faults_.container_error.clear();
    c.reply_to = reply_to;
    const std::string id = new_id();
    containers_[id] = c;
    json::value body = json::value::object();
    body["id"] = json::value::string(id);
    return json_response(200, body);
}

Response ThreadsModule::object_status(const std::string& id) {
    const auto found = containers_.find(id);
    if (found == containers_.end()) {
        if (posts_.count(id) > 0) return graph_error(400, 100, 0, "Tried accessing nonexisting field (status)", "THApiException");
        return graph_error(400, 100, 33, "Object with ID '" + id + "' does not exist");
    }
    const Container& c = found->second;
    json::value body = json::value::object();
    body["id"] = json::value::string(id);
    if (c.published) {
        body["status"] = json::value::string("PUBLISHED");
    } else if (!c.error.empty()) {
        body["status"] = json::value::string(c.error == "EXPIRED" ? "EXPIRED" : "ERROR");
        if (c.error != "EXPIRED") body["error_message"] = json::value::string(c.error);
    } else {
        body["status"] = json::value::string(c.ready_at_ms <= now_ms() ? "FINISHED" : "IN_PROGRESS");
    }
    return json_response(200, body);
}

Response ThreadsModule::publish(const Request& r, const std::string& owner) {
    ++publish_calls_;
    const std::string id = param(r, "creation_id");
    const auto found = containers_.find(id);
    if (faults_.publish_not_ready_next > 0 || found == containers_.end() || found->second.ready_at_ms > now_ms() ||
        !found->second.error.empty()) {
        if (faults_.publish_not_ready_next > 0) --faults_.publish_not_ready_next;
        return graph_error(400, 24, 4279009, "The requested resource does not exist");
    }
    if (found->second.published) return graph_error(400, 100, 0, "The media has already been published");
    found->second.published = true;
    if (!found->second.reply_to.empty()) ++replies_;
    // The published post gets an id of its own: whether Meta keeps the container's is not documented,
    // so a client must not rely on it.
    const std::string post_id = new_id();
    posts_[post_id] = Post{found->second.media_type, found->second.text, found->second.reply_to, owner, false, now_ms(), ""};
    if (faults_.publish_then_fail_next > 0) {
        --faults_.publish_then_fail_next;
        return graph_error(500, 2, 0, "An unexpected error has occurred. Please retry your request later.");
    }
    json::value body = json::value::object();
    body["id"] = json::value::string(post_id);
    return json_response(200, body);
}

// GET /{user}/threads: the user's own posts, newest first, `since` (Unix seconds) and `limit` (25, at most 100).
Response ThreadsModule::list_threads(const Request& r, const std::string& owner) {
    const std::int64_t since_ms = std::atoll(param(r, "since").c_str()) * 1000;
    const long limit = param(r, "limit").empty() ? 25 : std::atol(param(r, "limit").c_str());
    if (limit < 1 || limit > 100) return graph_error(400, 100, 0, "limit must be between 1 and 100");
    std::vector<std::pair<std::int64_t, std::string>> newest;
    for (const auto& [id, post] : posts_) {
        if (post.owner == owner && !post.deleted && post.reply_to.empty() && post.published_ms >= since_ms) {
            newest.emplace_back(post.published_ms, id);
        }
    }
    std::sort(newest.begin(), newest.end(), [](const auto& a, const auto& b) { return a > b; });
    agoras::Json data = agoras::Json::array();
    const App* author = app_of_user(owner);
    for (std::size_t i = 0; i < newest.size() && i < static_cast<std::size_t>(limit); ++i) {
        const Post& post = posts_.at(newest[i].second);
        char when[32];
        const std::time_t seconds = static_cast<std::time_t>(newest[i].first / 1000);
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+0000", &utc);
        agoras::Json item = agoras::Json::object()
                                .set("id", newest[i].second)
                                .set("media_type", post.media_type == "TEXT" ? "TEXT_POST" : post.media_type)
                                .set("text", post.text)
                                .set("timestamp", when)
                                .set("permalink", "https://www.threads.net/@" + (author ? author->username : "unknown") +
                                                      "/post/SB" + newest[i].second);
        if (!post.reposted.empty()) item.set("reposted_post", agoras::Json::object().set("id", post.reposted));
        data.push(std::move(item));
    }
    return json_response(200, agoras::Json::object().set("data", std::move(data)));
}

Json ThreadsModule::state() const {
    Json posts = Json::array();
    for (const auto& [id, post] : posts_) {
        Json p = Json::object()
                     .set("id", id)
                     .set("media_type", post.media_type)
                     .set("text", post.text)
                     .set("deleted", post.deleted)
                     .set("owner", post.owner);
        if (!post.reply_to.empty()) p.set("reply_to", post.reply_to);
        posts.push(std::move(p));
    }
    return Json::object()
        .set("posts", std::move(posts))
        .set("publish_calls", publish_calls_)
        .set("refresh_calls", refresh_calls_)
        .set("requests", requests_)
        .set("containers", static_cast<unsigned long long>(containers_.size()));
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "threads",
    "Meta's Threads API and OAuth pages, at the root (controls: /_sandbox/faults, /_sandbox/clock,\n"
     "/_sandbox/state); --app-id and --app-secret are the app it accepts (user @sandbox_user), and\n"
     "app 1234567891 with secret sandbox-app-secret-2 that of a second user, @sandbox_user_2",
    {{"AGORAS_THREADS_GRAPH_URL", ""}, {"AGORAS_THREADS_AUTHORIZE_URL", "/oauth/authorize"}},
    [](const SandboxOptions& options) { return std::make_unique<ThreadsModule>(options.app_id, options.app_secret); }, true}};

}  // namespace

}  // namespace agoras::sandbox
