#include "facebook.hpp"

#include <algorithm>
#include <ctime>

#include "threads.hpp"
#include "util.hpp"

#include <agoras/sdk/url.hpp>

#include <cpprest/json.h>

namespace agoras::sandbox {
namespace json = web::json;

namespace {

bool is_instagram_user(const std::string& id) {
    return id == FacebookModule::kInstagramUser || id == FacebookModule::kSecondInstagramUser;
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        if (end > start) parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

Response object_json(const std::vector<std::pair<std::string, std::string>>& fields) {
    json::value body = json::value::object();
    for (const auto& [k, v] : fields) body[k] = json::value::string(v);
    return json_response(200, body);
}

}  // namespace

Response FacebookModule::handle(const Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    const auto parts = split_path(request.path.substr(10));  // after "/facebook/"
    if (parts.size() == 2 && parts[0] == "dialog" && parts[1] == "oauth") {
        // The consent page approves at once and redirects to the app's https callback.
        const std::string redirect = param(request, "redirect_uri");
        if (param(request, "client_id") != kClientId) return graph_error(400, 101, 0, "Error validating application. Invalid application ID.");
        if (redirect.rfind("https://", 0) != 0 || param(request, "response_type") != "code") {
            return graph_error(400, 100, 0, "redirect_uri must be https and response_type code");
        }
        const std::string code = "FBC" + random_text(30);
        codes_[code] = redirect;
        Response r;
        r.status = 302;
        r.content_type = "text/html";
        r.headers.emplace_back("Location", redirect + "?code=" + code + "&state=" + sdk::percent_encode(param(request, "state")) + "#_=_");
        return r;
    }
    if (parts.empty() || parts[0] != "v21.0") return graph_error(400, 100, 0, "Unknown path components: the sandbox speaks v21.0");
    return graph(request, {parts.begin() + 1, parts.end()});
}

Response FacebookModule::graph(const Request& r, const std::vector<std::string>& parts) {
    const std::string token = param(r, "access_token");
    if (parts == std::vector<std::string>{"oauth", "access_token"} && r.method == "GET") {
        if (param(r, "client_id") != kClientId || param(r, "client_secret") != kClientSecret) {
            return graph_error(400, 1, 0, "Error validating client secret.", "OAuthException");
        }
        if (param(r, "grant_type") == "fb_exchange_token") {
            const std::string old = param(r, "fb_exchange_token");
            if (short_tokens_.count(old) == 0 && user_tokens_.count(old) == 0) return graph_error(400, 190, 0, "Invalid OAuth access token.");
            const std::string long_lived = "FBLL" + random_text(40);
            user_tokens_.insert(long_lived);
            return json_response(200, agoras::Json::object()
                                          .set("access_token", long_lived)
                                          .set("token_type", "bearer")
                                          .set("expires_in", 5184000));
        }
        const auto code = codes_.find(param(r, "code"));
        if (code == codes_.end() || code->second != param(r, "redirect_uri")) {
            return graph_error(400, 100, 36009, "This authorization code has been used.", "OAuthException");
        }
        codes_.erase(code);
        const std::string short_lived = "FBSL" + random_text(40);
        short_tokens_.insert(short_lived);
        return json_response(200, agoras::Json::object()
                                      .set("access_token", short_lived)
                                      .set("token_type", "bearer")
                                      .set("expires_in", 3600));
    }
    const bool user = user_tokens_.count(token) > 0;
    const auto page_token = page_tokens_.find(token);
    if (expire_tokens_ || (!user && page_token == page_tokens_.end())) {
        return graph_error(400, 190, expire_tokens_ ? 463 : 0, expire_tokens_ ? "Error validating access token: Session has expired." : "Invalid OAuth access token.");
    }
    const std::string acting_page = page_token == page_tokens_.end() ? "" : page_token->second;
    if (parts == std::vector<std::string>{"me", "accounts"} && r.method == "GET" && user) {
        json::value data = json::value::array(pages_.size());
        for (std::size_t i = 0; i < pages_.size(); ++i) {
            const std::string t = "FBPG" + pages_[i].first + random_text(20);
            page_tokens_[t] = pages_[i].first;
            data[i] = json::value::parse(agoras::Json::object()
                                             .set("id", pages_[i].first)
                                             .set("name", pages_[i].second)
                                             .set("access_token", t)
                                             .set("tasks", agoras::Json::array().push("CREATE_CONTENT").push("MANAGE").push("MODERATE"))
                                             .serialize());
            if (i < 2) {
                json::value ig = json::value::object();
                ig["id"] = json::value::string(i == 0 ? kInstagramUser : kSecondInstagramUser);
                ig["username"] = json::value::string(i == 0 ? "sandbox_ig" : "sandbox_ig_2");
                data[i]["instagram_business_account"] = ig;
            }
        }
        json::value body = json::value::object();
        body["data"] = data;
        return json_response(200, body);
    }
    if (parts.empty()) return graph_error(400, 100, 0, "Unsupported request");
    const std::string& id = parts[0];
    if (is_instagram_user(id) || containers_.count(id) > 0 || ig_media_.count(id) > 0) {
        if (!user) return graph_error(400, 190, 0, "Invalid OAuth access token: Instagram calls take the user's token");
        return instagram(r, parts);
    }
    std::string page_name;
    for (const auto& [pid, pname] : pages_) {
        if (pid == id) page_name = pname;
    }
    if (parts.size() == 1 && r.method == "GET" && !page_name.empty()) {
        if (user) {
            const std::string t = "FBPG" + id + random_text(20);
            page_tokens_[t] = id;
            return object_json({{"id", id}, {"name", page_name}, {"access_token", t}});
        }
        return object_json({{"id", id}, {"name", page_name}, {"link", "https://www.facebook.com/" + id}});
    }
    // Everything else acts as a Page, with its token.
    if (acting_page.empty()) return graph_error(403, 200, 0, "(#200) This action needs a Page access token", "OAuthException");
    if (deny_permissions_) return graph_error(403, 200, 0, "(#200) Permissions error: pages_manage_posts is required", "OAuthException");
    if (parts.size() == 2 && parts[1] == "photos" && r.method == "POST") {
        if (id != acting_page) return graph_error(403, 200, 0, "(#200) The token is not this Page's");
        const std::string url = param(r, "url");
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return graph_error(400, 324, 0, "(#324) Missing or invalid image file");
        if (param(r, "published") != "false") return graph_error(400, 100, 0, "the sandbox takes unpublished photos only");
        const std::string photo = std::to_string(next_id_++);
        photos_[photo] = id;
        return object_json({{"id", photo}});
    }
    if (parts.size() == 2 && parts[1] == "feed" && r.method == "POST") {
        const bool own = id == acting_page;
        bool known = own;
        for (const auto& [pid, pname] : pages_) known = known || pid == id;
        if (!known) return graph_error(403, 200, 0, "(#200) The user hasn't authorized the application to perform this action");
        Post post{id, param(r, "message"), param(r, "link"), "status", {}, 0, false};
        for (const auto& [name, value] : sdk::decode_params(r.body)) {
            if (name.rfind("attached_media[", 0) != 0) continue;
            const std::string fbid = text_field(json::value::parse(value), "media_fbid");
            const auto photo = photos_.find(fbid);
            if (photo == photos_.end() || photo->second != id) return graph_error(400, 100, 0, "Invalid attached_media: " + fbid);
            post.photos.push_back(fbid);
            photos_.erase(photo);
        }
        if (post.message.empty() && post.link.empty() && post.photos.empty()) return graph_error(400, 100, 0, "(#100) Missing message or attachment");
        for (const auto& [pid, existing] : posts_) {
            if (!existing.deleted && existing.page == id && !post.message.empty() && existing.message == post.message) {
                return graph_error(400, 506, 0, "Duplicate status message", "OAuthException");
            }
        }
        const std::string post_id = id + "_" + std::to_string(next_id_++);
        posts_[post_id] = post;
        return object_json({{"id", post_id}});
    }
    if (parts.size() == 2 && parts[1] == "videos" && r.method == "POST") {
        if (param(r, "file_url").rfind("http", 0) != 0) return graph_error(400, 100, 0, "(#100) file_url is required");
        const std::string video = std::to_string(next_id_++);
        posts_[video] = Post{id, param(r, "description"), param(r, "file_url"), "video", {}, 0, false};
        return object_json({{"id", video}});
    }
    const auto post = posts_.find(id);
    if (post == posts_.end() || post->second.deleted) return graph_error(400, 100, 33, "Object with ID '" + id + "' does not exist");
    if (parts.size() == 2 && parts[1] == "likes" && r.method == "POST") {
        ++post->second.likes;
        return json_response(200, json::value::parse(R"({"success":true})"));
    }
    if (parts.size() == 1 && r.method == "DELETE") {
        if (post->second.page != acting_page) return graph_error(403, 200, 0, "(#200) Only the Page can delete its posts");
        post->second.deleted = true;
        return json_response(200, json::value::parse(R"({"success":true})"));
    }
    return graph_error(400, 100, 0, "Unsupported request: " + r.method + " " + r.path);
}

Response FacebookModule::instagram(const Request& r, const std::vector<std::string>& parts) {
    const std::string& id = parts[0];
    if (is_instagram_user(id) && parts.size() == 1 && r.method == "GET") {
        return object_json({{"id", id}, {"username", id == kInstagramUser ? "sandbox_ig" : "sandbox_ig_2"}, {"name", "Sandbox IG"}});
    }
    if (is_instagram_user(id) && parts.size() == 2 && parts[1] == "content_publishing_limit" && r.method == "GET") {
        const agoras::Json config = agoras::Json::object().set("quota_total", 50).set("quota_duration", 86400);
        return json_response(200, agoras::Json::object().set(
                                      "data", agoras::Json::array().push(
                                                  agoras::Json::object().set("quota_usage", ig_publishes_).set("config", config))));
    }
    if (is_instagram_user(id) && parts.size() == 2 && parts[1] == "media" && r.method == "POST") {
        Container c;
        c.owner = id;
        c.caption = param(r, "caption");
        if (c.caption.size() > 2200 * 4 || code_points(c.caption) > 2200) return graph_error(400, 100, 0, "The caption is too long (2200)");
        const std::string type = param(r, "media_type");
        c.carousel_item = param(r, "is_carousel_item") == "true";
        if (type == "CAROUSEL") {
            for (std::size_t start = 0, end; start <= param(r, "children").size(); start = end + 1) {
                const std::string list = param(r, "children");
                end = std::min(list.find(',', start), list.size());
                const std::string child = list.substr(start, end - start);
                const auto found = containers_.find(child);
                if (found == containers_.end() || !found->second.carousel_item) return graph_error(400, 100, 0, "Invalid carousel child " + child);
                c.children.push_back(child);
            }
            if (c.children.size() < 2 || c.children.size() > 10) return graph_error(400, 100, 0, "A carousel needs 2 to 10 children");
            c.kind = "CAROUSEL";
        } else if (type == "REELS" || type == "STORIES") {
            if (param(r, "video_url").rfind("http", 0) != 0) return graph_error(400, 100, 0, "video_url is required");
            c.kind = type;
        } else if (type.empty() || type == "IMAGE") {
            if (param(r, "image_url").rfind("http", 0) != 0) return graph_error(400, 9004, 2207052, "Only photo or video can be accepted as media type.");
            c.kind = "IMAGE";
        } else {
            return graph_error(400, 100, 0, "Unsupported media_type " + type);
        }
        const std::string container = std::to_string(next_id_++);
        c.error = ig_container_error_;
        ig_container_error_.clear();
        containers_[container] = c;
        return object_json({{"id", container}});
    }
    if (is_instagram_user(id) && parts.size() == 2 && parts[1] == "media" && r.method == "GET") {
        // The account's published media, newest first, since `since` (Unix seconds).
        std::vector<std::pair<std::int64_t, const Container*>> newest;
        for (const auto& [container, c] : containers_) {
            if (c.owner == id && !c.published_as.empty() && c.published_s >= std::atoll(param(r, "since").c_str())) {
                newest.emplace_back(c.published_s, &c);
            }
        }
        std::stable_sort(newest.begin(), newest.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        agoras::Json data = agoras::Json::array();
        for (const auto& [when, c] : newest) {
            data.push(agoras::Json::object()
                          .set("id", c->published_as)
                          .set("caption", c->caption)
                          .set("timestamp", when)
                          .set("permalink", "https://www.instagram.com/p/SB" + c->published_as + "/"));
        }
        return json_response(200, agoras::Json::object().set("data", std::move(data)));
    }
    if (is_instagram_user(id) && parts.size() == 2 && parts[1] == "media_publish" && r.method == "POST") {
        const auto found = containers_.find(param(r, "creation_id"));
        if (found == containers_.end() || found->second.carousel_item || found->second.owner != id) {
            return graph_error(400, 100, 0, "Invalid creation_id");
        }
        if (!found->second.published_as.empty()) return graph_error(400, 9007, 2207027, "The media has already been published");
        const std::string media = std::to_string(next_id_++);
        found->second.published_as = media;
        found->second.published_s = static_cast<std::int64_t>(std::time(nullptr));
        ig_media_[media] = found->second.kind;
        ++ig_publishes_;
        return object_json({{"id", media}});
    }
    if (parts.size() == 1 && r.method == "GET" && containers_.count(id) > 0) {
        const auto& c = containers_.at(id);
        if (!c.error.empty()) return object_json({{"id", id}, {"status_code", "ERROR"}, {"status", c.error}});
        return object_json({{"id", id}, {"status_code", c.published_as.empty() ? "FINISHED" : "PUBLISHED"}});
    }
    if (parts.size() == 1 && r.method == "GET" && ig_media_.count(id) > 0) {
        return object_json({{"id", id}, {"permalink", "https://www.instagram.com/p/SB" + id + "/"}});
    }
    return graph_error(400, 100, 0, "Unsupported Instagram request: " + r.method + " " + r.path);
}

FacebookModule::FacebookModule() {
    controls_
        .fault("pages",
               [this](const std::string& value) {
                   if (value == "2" && pages_.size() == 1) pages_.emplace_back("222222222", "Second Page");
               })
        .flag("expire_tokens", expire_tokens_)
        .flag("deny_permissions", deny_permissions_)
        .text("ig_container_error", ig_container_error_)
        .state([this] { return state(); });
}

Json FacebookModule::state() const {
    Json posts = Json::array();
    for (const auto& [id, p] : posts_) {
        posts.push(Json::object()
                       .set("id", id)
                       .set("page", p.page)
                       .set("kind", p.kind)
                       .set("message", p.message)
                       .set("link", p.link)
                       .set("photos", static_cast<unsigned long long>(p.photos.size()))
                       .set("likes", p.likes)
                       .set("deleted", p.deleted));
    }
    Json media = Json::array();
    for (const auto& [id, c] : containers_) {
        if (c.published_as.empty()) continue;
        media.push(Json::object()
                       .set("id", c.published_as)
                       .set("kind", c.kind)
                       .set("caption", c.caption)
                       .set("owner", c.owner)
                       .set("children", static_cast<unsigned long long>(c.children.size())));
    }
    return Json::object().set("posts", std::move(posts)).set("instagram", std::move(media));
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "facebook",
    "Facebook Login, a Page's Graph API and Instagram at /facebook (app 987654321, secret\n"
     "sandbox-facebook-secret; controls: /_sandbox/facebook/faults, /state)",
    {{"AGORAS_FACEBOOK_GRAPH_URL", "/facebook"}, {"AGORAS_FACEBOOK_AUTHORIZE_URL", "/facebook/dialog/oauth"}},
    [](const SandboxOptions&) { return std::make_unique<FacebookModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
