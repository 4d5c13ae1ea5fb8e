#include "x.hpp"

#include "multipart.hpp"
#include "util.hpp"
#include "x_oauth1.hpp"

#include <agoras/sdk/url.hpp>

#include <utf8proc.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace agoras::sandbox {
namespace {

constexpr std::int64_t kPostMills = 15, kPostWithUrlMills = 200, kReplyMills = 10, kMetadataMills = 5, kUserReadMills = 10,
                       kOwnedReadMills = 1, kDeleteMills = 10;
constexpr std::int64_t kImageBytes = 5 << 20, kGifBytes = 15 << 20, kVideoBytes = 512LL << 20;

// v2's problem object.
Response problem(int status, const std::string& title, const std::string& detail, const std::string& type = "about:blank") {
    return json_response(status, Json::object().set("title", title).set("detail", detail).set("type", type).set("status", status));
}
Response invalid(const std::string& detail) {
    return problem(400, "Invalid Request", detail, "https://api.x.com/2/problems/invalid-request");
}
// v1.1's error list, which the OAuth endpoints and 429 still use.
Response v1_error(int status, int code, const std::string& message) {
    return json_response(status, Json::object().set("errors", Json::array().push(Json::object().set("code", code).set("message", message))));
}

// Post length as X counts it: NFC, then per grapheme cluster: an emoji sequence 2, else each code
// point 1 (Latin and the like, general punctuation) or 2; a URL with a scheme 23.
long weighted_length(const std::string& text) {
    utf8proc_uint8_t* nfc = utf8proc_NFC(reinterpret_cast<const utf8proc_uint8_t*>(text.c_str()));
    if (nfc == nullptr) return -1;
    const std::string s(reinterpret_cast<const char*>(nfc));
    std::free(nfc);
    long units = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const bool word_start = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n';
        if (word_start && (s.compare(i, 7, "http://") == 0 || s.compare(i, 8, "https://") == 0)) {
            std::size_t end = s.find_first_of(" \n\t", i);
            if (end == std::string::npos) end = s.size();
            while (end > i && std::string(".,;:!?'\")").find(s[end - 1]) != std::string::npos) --end;
            units += 2300;
            i = end;
            continue;
        }
        utf8proc_int32_t state = 0, previous = -1, first = -1;
        long cluster = 0, count = 0;
        std::size_t at = i;
        while (at < s.size()) {
            utf8proc_int32_t c = 0;
            const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + at),
                                            static_cast<utf8proc_ssize_t>(s.size() - at), &c);
            if (n <= 0) return -1;
            if (previous >= 0 && utf8proc_grapheme_break_stateful(previous, c, &state)) break;
            if (first < 0) first = c;
            previous = c;
            const bool light = c <= 0x10FF || (c >= 0x2000 && c <= 0x200D) || (c >= 0x2010 && c <= 0x201F) ||
                               (c >= 0x2032 && c <= 0x2037);
            cluster += light ? 100 : 200;
            ++count;
            at += static_cast<std::size_t>(n);
        }
        const auto bound = utf8proc_get_property(first)->boundclass;
        const bool emoji = count > 1 && (bound == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
                                         bound == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR ||
                                         s.substr(i, at - i).find("\xE2\x83\xA3") != std::string::npos);
        units += emoji ? 200 : cluster;
        i = at;
    }
    return (units + 99) / 100;
}

bool has_url(const std::string& text) {
    return text.find("http://") != std::string::npos || text.find("https://") != std::string::npos;
}

int cashtags(const std::string& text) {
    int n = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '$' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n') && std::isalpha(static_cast<unsigned char>(text[i + 1]))) ++n;
    }
    return n;
}

bool digits(const std::string& s) { return !s.empty() && s.size() <= 19 && s.find_first_not_of("0123456789") == std::string::npos; }

// Whether a JSON object has only `allowed` keys (X's schemas say additionalProperties: false).
std::string unknown_field(const Json& object, std::initializer_list<const char*> allowed) {
    for (const auto& [key, value] : object.members()) {
        if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }) == allowed.end()) return key;
    }
    return "";
}

}  // namespace

XModule::XModule() {
    controls_.number("rate_limit_next", rate_limit_next_)
        .number("drop_create_answer_next", drop_create_answer_next_)
        .number("create_latency_ms", create_latency_ms_)
        .number("processing_polls", processing_polls_)
        .number("posts_per_15m", posts_per_15m_)
        .number("posts_per_3h", posts_per_3h_)
        .number("timestamp_window_s", timestamp_window_s_)
        .number("duplicate_window_s", duplicate_window_s_)
        .number("credits_mills", credits_mills_)
        .flag("summoned_replies_only", summoned_replies_only_)
        .flag("enterprise", enterprise_)
        .flag("fail_processing", fail_processing_)
        .flag("hide_from_timeline", hide_from_timeline_)  // a lagging index: the account's posts list nothing
        .text("callback_url", callback_url_)
        .text("next_pin", next_pin_)
        .clock(clock_offset_s_, [this] { return now_s(); })
        .state([this] { return state(); })
        // A post by someone else (for replies and reposts): POST seed?text=…; answers {"id"}.
        .endpoint("POST", "seed", [this](const Request& r) {
            const std::string id = std::to_string(next_id_++);
            posts_[id] = Post{"44196397", param(r, "text"), "", {}, now_s(), false};
            return json_response(200, Json::object().set("id", id));
        });
}

std::int64_t XModule::now_s() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + clock_offset_s_;
}

bool XModule::charge(std::int64_t mills) {
    if (credits_mills_ <= 0) return false;
    credits_mills_ -= mills;
    costs_.spent_mills += mills;
    return true;
}

std::optional<Response> XModule::verify(const Request& r, std::string& user, bool token_required, std::string* request_token) {
    const auto unauthorized = [this](int code, const std::string& message) {
        ++bad_signatures_;
        return std::optional<Response>(v1_error(401, code, message));
    };
    const auto fields = x_oauth::parse_authorization(header(r, "Authorization"));
    if (!fields) return unauthorized(32, "Could not authenticate you.");
    const auto get = [&](const char* name) {
        const auto it = fields->find(name);
        return it == fields->end() ? std::string() : it->second;
    };
    for (const char* required : {"oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method", "oauth_timestamp"}) {
        if (get(required).empty()) return unauthorized(32, "Could not authenticate you.");
    }
    if (get("oauth_signature_method") != "HMAC-SHA1" || (fields->count("oauth_version") > 0 && get("oauth_version") != "1.0")) {
        return unauthorized(32, "Could not authenticate you.");
    }
    if (get("oauth_consumer_key") != kConsumerKey) return unauthorized(32, "Could not authenticate you.");
    if (!digits(get("oauth_timestamp")) || std::llabs(std::stoll(get("oauth_timestamp")) - now_s()) > timestamp_window_s_) {
        return unauthorized(135, "Timestamp out of bounds.");
    }
    // A form body whose spaces are '+' is not RFC 3986 encoding: the signature could not match X's.
    if (header(r, "Content-Type").find("application/x-www-form-urlencoded") != std::string::npos && r.body.find('+') != std::string::npos) {
        return unauthorized(32, "Could not authenticate you.");
    }
    const std::string token = get("oauth_token");
    std::string token_secret;
    if (!token.empty()) {
        if (access_tokens_.count(token) > 0) {
            token_secret = access_tokens_[token];
            user = token_users_[token];
        } else if (request_token != nullptr && request_tokens_.count(token) > 0) {
            token_secret = request_tokens_[token].secret;
            *request_token = token;
        } else {
            return unauthorized(89, "Invalid or expired token.");
        }
    } else if (token_required) {
        return unauthorized(89, "Invalid or expired token.");
    }
    std::multimap<std::string, std::string> params(r.params.begin(), r.params.end());
    for (const auto& [name, value] : *fields) {
        if (name != "oauth_signature" && name != "realm") params.emplace(name, value);
    }
    const std::string base_url = "http://" + header(r, "Host") + r.path;
    if (x_oauth::expected_signature(r.method, base_url, params, kConsumerSecret, token_secret) != get("oauth_signature")) {
        return unauthorized(32, "Could not authenticate you.");
    }
    // A nonce is good once (X uses it to spot replays).
    if (!nonces_.insert(get("oauth_timestamp") + ":" + get("oauth_nonce")).second) return unauthorized(32, "Could not authenticate you.");
    return std::nullopt;
}

Response XModule::handle(const Request& request) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (controls_.owns(request)) return controls_.handle(request);
    ++calls_;
    const std::string path = request.path.substr(std::string(kPrefix).size());
    Response response;
    if (path == "/oauth/authorize") {
        response = authorize(request);
    } else if (path == "/oauth/request_token" && request.method == "POST") {
        response = request_token(request);
    } else if (path == "/oauth/access_token" && request.method == "POST") {
        std::string user, token;
        const auto refused = verify(request, user, true, &token);
        response = refused ? *refused : access_token(request, token);
    } else if (rate_limit_next_ > 0) {
        --rate_limit_next_;
        response = v1_error(429, 88, "Rate limit exceeded");
    } else {
        std::string user;
        const auto refused = verify(request, user, true);
        response = refused ? *refused : route(request, path, user);
    }
    response.headers.emplace_back("x-rate-limit-limit", std::to_string(posts_per_15m_));
    response.headers.emplace_back("x-rate-limit-remaining", response.status == 429 ? "0" : std::to_string(posts_per_15m_ - 1));
    response.headers.emplace_back("x-rate-limit-reset", std::to_string(now_s() + 1));
    // The post is made, then the answer is lost (a 503 after the write, or too slow for the client).
    if (path == "/2/tweets" && request.method == "POST" && response.status == 201) {
        if (drop_create_answer_next_ > 0) {
            --drop_create_answer_next_;
            return problem(503, "Service Unavailable", "Service Unavailable");
        }
        if (create_latency_ms_ > 0) {
            const int latency = create_latency_ms_;
            lock.unlock();
            std::this_thread::sleep_for(std::chrono::milliseconds(latency));
        }
    }
    return response;
}

Response XModule::route(const Request& r, const std::string& path, const std::string& user) {
    if (path == "/2/tweets" && r.method == "POST") return create_post(r, user);
    if (path.rfind("/2/tweets/", 0) == 0 && r.method == "DELETE") {
        const auto post = posts_.find(path.substr(10));
        if (post == posts_.end() || post->second.deleted) return problem(404, "Not Found Error", "Could not find tweet with id.",
                                                                         "https://api.x.com/2/problems/resource-not-found");
        if (post->second.author != user) return problem(403, "Forbidden", "You are not allowed to delete this Tweet.");
        if (!charge(kDeleteMills)) return problem(402, "Payment Required", "CreditsDepleted: the account has no credits left.");
        ++costs_.deletes;
        post->second.deleted = true;
        return json_response(200, Json::object().set("data", Json::object().set("deleted", true)));
    }
    if (path == "/2/users/me" && r.method == "GET") {
        if (!charge(kUserReadMills)) return problem(402, "Payment Required", "CreditsDepleted: the account has no credits left.");
        ++costs_.user_reads;
        return json_response(200, Json::object().set("data", Json::object().set("id", user).set("name", "Agoras Dev").set("username", kScreenName)));
    }
    if (path.rfind("/2/users/", 0) == 0) {
        const std::string rest = path.substr(9);
        const std::string id = rest.substr(0, rest.find('/')), edge = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
        if (id != user) return problem(403, "Forbidden", "You are not permitted to act as another user.");
        if (edge == "tweets" && r.method == "GET") return own_posts(r, id);
        Json body;
        try {
            body = Json::parse(r.body);
        } catch (const std::invalid_argument&) {
            return invalid("the body is not JSON");
        }
        const std::string target = body["tweet_id"].text();
        if (!unknown_field(body, {"tweet_id"}).empty() || !digits(target)) return invalid("tweet_id must be a post id");
        if (posts_.count(target) == 0 || posts_[target].deleted) {
            return problem(404, "Not Found Error", "Could not find tweet.", "https://api.x.com/2/problems/resource-not-found");
        }
        if (edge == "likes" && r.method == "POST") {
            if (!enterprise_) {
                return problem(403, "Client Forbidden", "Likes are not available on the self-serve access levels.",
                               "https://api.x.com/2/problems/client-forbidden");
            }
            return json_response(200, Json::object().set("data", Json::object().set("liked", true)));
        }
        if (edge == "retweets" && r.method == "POST") {
            // One repost per account and post: another request answers the one there is, uncharged.
            for (const auto& [repost_id, post] : posts_) {
                if (post.author == user && post.text == "RT" && post.reply_to == target && !post.deleted) {
                    return json_response(200, Json::object().set("data", Json::object().set("retweeted", true).set("rest_id", repost_id)));
                }
            }
            if (!charge(kPostMills)) return problem(402, "Payment Required", "CreditsDepleted: the account has no credits left.");
            post_times_.push_back(now_s());
            const std::string id_of_repost = std::to_string(next_id_++);
            posts_[id_of_repost] = Post{user, "RT", target, {}, now_s(), false};
            return json_response(200, Json::object().set("data", Json::object().set("retweeted", true).set("rest_id", id_of_repost)));
        }
    }
    if (path == "/2/media/upload" && r.method == "POST") return simple_upload(r, user);
    if (path == "/2/media/upload" && r.method == "GET") {
        if (param(r, "command") != "STATUS") return invalid("command must be STATUS");
        return media_status(user, param(r, "media_id"));
    }
    if (path == "/2/media/upload/initialize" && r.method == "POST") return initialize(r, user);
    if (path.rfind("/2/media/upload/", 0) == 0 && r.method == "POST") {
        const std::string rest = path.substr(16);
        const std::string id = rest.substr(0, rest.find('/')), verb = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
        if (verb == "append") return append(r, user, id);
        if (verb == "finalize") return finalize(user, id);
    }
    if (path == "/2/media/metadata" && r.method == "POST") return metadata(r, user);
    return problem(404, "Not Found Error", "no such endpoint in the sandbox", "https://api.x.com/2/problems/resource-not-found");
}

Response XModule::request_token(const Request& r) {
    std::string user;
    if (const auto refused = verify(r, user, false)) return *refused;
    const auto fields = x_oauth::parse_authorization(header(r, "Authorization"));
    const std::string callback = fields->count("oauth_callback") > 0 ? fields->at("oauth_callback") : "";
    if (callback.empty()) return v1_error(400, 417, "oauth_callback is required.");
    // The app's allowlist, matched exactly; X wants 127.0.0.1, not localhost.
    const bool loopback = callback.rfind("http://127.0.0.1:", 0) == 0 && callback.size() > 26 &&
                          callback.compare(callback.size() - 9, 9, "/callback") == 0 &&
                          digits(callback.substr(17, callback.size() - 26));
    if (callback != "oob" && (callback_url_.empty() ? !loopback : callback != callback_url_)) {
        return v1_error(403, 415, "Callback URL not approved for this client application. Approved callback URLs can be adjusted in your application settings");
    }
    const std::string token = random_text(27), secret = random_text(32);
    request_tokens_[token] = RequestToken{secret, callback, "", false, false};
    Response response;
    response.content_type = "text/html; charset=utf-8";  // as X labels it, though it is a form
    response.body = "oauth_token=" + token + "&oauth_token_secret=" + secret + "&oauth_callback_confirmed=true";
    return response;
}

// The user approves at once: a redirect to the callback, or (oob) a page showing the PIN.
Response XModule::authorize(const Request& r) {
    const auto found = request_tokens_.find(param(r, "oauth_token"));
    if (found == request_tokens_.end() || found->second.used) {
        Response page;
        page.status = 400;
        page.content_type = "text/html";
        page.body = "<p>This page is no longer valid.</p>";
        return page;
    }
    RequestToken& token = found->second;
    token.authorized = true;
    Response response;
    response.content_type = "text/html";
    if (token.callback == "oob") {
        token.verifier = next_pin_.empty() ? std::to_string(1000000 + std::rand() % 9000000) : next_pin_;
        next_pin_.clear();
        response.body = "<p>Next, return to agoras and enter this PIN to complete the authorization process:</p><code>" +
                        token.verifier + "</code>";
        return response;
    }
    token.verifier = random_text(32);
    response.status = 302;
    response.headers.emplace_back("Location", token.callback + "?oauth_token=" + found->first + "&oauth_verifier=" + token.verifier);
    return response;
}

Response XModule::access_token(const Request& r, const std::string& token_name) {
    const auto fields = x_oauth::parse_authorization(header(r, "Authorization"));
    const auto found = request_tokens_.find(token_name);
    const std::string verifier = fields->count("oauth_verifier") > 0 ? fields->at("oauth_verifier") : param(r, "oauth_verifier");
    if (found == request_tokens_.end() || !found->second.authorized || found->second.used || verifier.empty() ||
        verifier != found->second.verifier) {
        return v1_error(401, 89, "Invalid or expired token.");
    }
    found->second.used = true;  // a verifier, and its request token, are good once
    const std::string token = std::string(kUserId) + "-" + random_text(40), secret = random_text(45);
    access_tokens_[token] = secret;
    token_users_[token] = kUserId;
    Response response;
    response.content_type = "text/html; charset=utf-8";
    response.body = "oauth_token=" + token + "&oauth_token_secret=" + secret + "&user_id=" + kUserId + "&screen_name=" + kScreenName;
    return response;
}

Response XModule::create_post(const Request& r, const std::string& user) {
    Json body;
    try {
        body = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return invalid("the body is not JSON");
    }
    if (header(r, "Content-Type").find("application/json") == std::string::npos) return invalid("Content-Type must be application/json");
    const std::string unknown = unknown_field(body, {"text", "media", "reply", "quote_tweet_id", "poll", "reply_settings", "made_with_ai",
                                                      "paid_partnership", "community_id", "edit_options", "for_super_followers_only",
                                                      "nullcast", "card_uri", "geo", "direct_message_deep_link"});
    if (!unknown.empty()) return invalid("The `" + unknown + "` field is not allowed");
    if (body.has("text") && !body["text"].is_string()) return invalid("text must be a string");
    const std::string text = body["text"].text();
    if (body.has("quote_tweet_id") && !enterprise_) {
        return problem(403, "Client Forbidden", "Quote posts are not available on the self-serve access levels.",
                       "https://api.x.com/2/problems/client-forbidden");
    }
    const long length = weighted_length(text);
    if (length < 0) return invalid("text is not valid UTF-8");
    if (length > 280) return problem(400, "Invalid Request", "Your Tweet text is too long. For more information on how X determines text length, see https://github.com/twitter/twitter-text.",
                                     "https://api.x.com/2/problems/invalid-request");
    if (cashtags(text) > 1) return problem(403, "Forbidden", "Posts may contain at most one cashtag.");
    std::vector<std::string> media;
    if (body.has("media")) {
        if (!unknown_field(body["media"], {"media_ids", "tagged_user_ids"}).empty()) return invalid("unknown field in media");
        const auto& ids = body["media"]["media_ids"].items();
        if (ids.empty() || ids.size() > 4) return invalid("media.media_ids must hold 1 to 4 ids");
        std::set<std::string> categories;
        for (const auto& id : ids) {
            const auto found = media_.find(id.text());
            if (!id.is_string() || found == media_.end() || found->second.owner != user) return invalid("Your media IDs are invalid.");
            const Media& m = found->second;
            if (!m.finalized || m.failed || m.polls_left > 0) return invalid("Your media IDs are invalid: the media is not processed yet.");
            if (m.expires_at < now_s()) return invalid("Your media IDs are invalid: the media has expired.");
            categories.insert(m.category);
            media.push_back(id.text());
        }
        if (categories.size() > 1 || ((categories.count("tweet_video") + categories.count("tweet_gif")) > 0 && ids.size() > 1)) {
            return invalid("A post takes up to 4 images, or 1 GIF, or 1 video.");
        }
    }
    if (text.empty() && media.empty()) return invalid("text or media is required");
    std::string reply_to;
    if (body.has("reply")) {
        reply_to = body["reply"]["in_reply_to_tweet_id"].text();
        const auto target = posts_.find(reply_to);
        if (target == posts_.end() || target->second.deleted) {
            return problem(404, "Not Found Error", "The post you are replying to does not exist.", "https://api.x.com/2/problems/resource-not-found");
        }
        std::string lower = target->second.text;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const bool summoned = lower.find(std::string("@") + kScreenName) != std::string::npos;
        if (summoned_replies_only_ && !summoned && target->second.author != user) {
            return problem(403, "Forbidden", "Reply to this conversation is not allowed because you have not been mentioned or otherwise "
                                             "engaged by the author of the post being replied to.");
        }
    }
    // Posts and reposts: the stricter of X's per-user windows.
    const std::int64_t now = now_s();
    const auto since = [&](std::int64_t seconds) {
        return std::count_if(post_times_.begin(), post_times_.end(), [&](std::int64_t t) { return t > now - seconds; });
    };
    if (since(900) >= posts_per_15m_ || since(3 * 3600) >= posts_per_3h_) return v1_error(429, 88, "Rate limit exceeded");
    for (const auto& [id, p] : posts_) {
        if (p.author == user && !p.deleted && !text.empty() && p.text == text && now - p.created_at < duplicate_window_s_) {
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
        }
    }
    const bool url = has_url(text);
    if (!charge(url ? kPostWithUrlMills : !reply_to.empty() ? kReplyMills : kPostMills)) {
        return problem(402, "Payment Required", "CreditsDepleted: the account has no credits left to fulfill this request.");
    }
    ++(url ? costs_.posts_with_url : !reply_to.empty() ? costs_.replies : costs_.posts);
    for (const auto& m : media) media_[m].used = true;
    post_times_.push_back(now);
    const std::string id = std::to_string(next_id_++);
    posts_[id] = Post{user, text, reply_to, media, now, false};
    // X gives the text back with links shortened, and a link for attached media.
    std::string shown = text;
    if (!media.empty()) shown += (shown.empty() ? "" : " ") + std::string("https://t.co/") + random_text(10);
    return json_response(201, Json::object().set("data", Json::object().set("id", id).set("text", shown)
                                                             .set("edit_history_post_ids", Json::array().push(id))));
}

Response XModule::own_posts(const Request& r, const std::string& id) {
    if (!charge(kOwnedReadMills)) return problem(402, "Payment Required", "CreditsDepleted: the account has no credits left.");
    ++costs_.owned_reads;
    std::int64_t max = 10;
    if (!param(r, "max_results").empty()) {
        if (!digits(param(r, "max_results"))) return invalid("max_results must be a number");
        max = std::stoll(param(r, "max_results"));
        if (max < 5 || max > 100) return invalid("max_results must be between 5 and 100");
    }
    Json data = Json::array();
    for (auto it = posts_.rbegin(); it != posts_.rend() && static_cast<std::int64_t>(data.size()) < max && !hide_from_timeline_; ++it) {
        if (it->second.author != id || it->second.deleted || it->second.text == "RT") continue;
        std::string shown = it->second.text;
        for (const char* from : {"&", "<", ">"}) {
            const std::string to = std::string(from) == "&" ? "&amp;" : std::string(from) == "<" ? "&lt;" : "&gt;";
            for (auto at = shown.find(from); at != std::string::npos; at = shown.find(from, at + to.size())) shown.replace(at, 1, to);
        }
        if (!it->second.media.empty()) shown += " https://t.co/" + random_text(10);
        data.push(Json::object().set("id", it->first).set("text", shown));
    }
    return json_response(200, Json::object().set("data", data).set("meta", Json::object().set("result_count", static_cast<std::int64_t>(data.size()))));
}

Response XModule::media_json(const std::string& id, int status) {
    const Media& m = media_[id];
    Json data = Json::object().set("id", id).set("media_key", (m.category == "tweet_image" ? "3_" : "7_") + id)
                    .set("size", m.received).set("expires_after_secs", std::max<std::int64_t>(0, m.expires_at - now_s()));
    if (m.finalized && m.category != "tweet_image") {
        const std::string state = m.failed ? "failed" : m.polls_left > 0 ? "in_progress" : "succeeded";
        Json info = Json::object().set("state", state).set("progress_percent", m.polls_left > 0 ? 50 : 100);
        if (m.polls_left > 0) info.set("check_after_secs", 1);
        if (m.failed) info.set("error", Json::object().set("code", 1).set("name", "InvalidMedia").set("message", "Unsupported video codec"));
        data.set("processing_info", info);
    }
    return json_response(status, Json::object().set("data", data));
}

Response XModule::simple_upload(const Request& r, const std::string& user) {
    const auto parts = parse_multipart(header(r, "Content-Type"), r.body);
    if (!parts) return invalid("the body must be multipart/form-data");
    const FormPart* media = nullptr;
    std::string category;
    for (const auto& part : *parts) {
        if (part.name == "media") media = &part;
        if (part.name == "media_category") category = part.data;
    }
    if (media == nullptr || category.empty()) return invalid("media and media_category are required");
    const std::string type = sniff(media->data);
    const bool image = type == "image/jpeg" || type == "image/png" || type == "image/webp" || type == "image/gif";
    if (category != "tweet_image" || !image) return invalid("Only images are uploaded in one request; use initialize/append/finalize");
    if (static_cast<std::int64_t>(media->data.size()) > kImageBytes) return invalid("The image is larger than 5 MB.");
    const std::string id = std::to_string(next_id_++);
    Media m;
    m.owner = user;
    m.category = category;
    m.type = type;
    m.total_bytes = m.received = static_cast<std::int64_t>(media->data.size());
    m.finalized = true;
    m.expires_at = now_s() + 86400;
    media_[id] = m;
    return media_json(id, 200);
}

Response XModule::initialize(const Request& r, const std::string& user) {
    Json body;
    try {
        body = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return invalid("the body is not JSON");
    }
    if (!unknown_field(body, {"media_type", "total_bytes", "media_category", "additional_owners", "shared"}).empty()) {
        return invalid("unknown field in the initialize body");
    }
    const std::string type = body["media_type"].text(), category = body["media_category"].text();
    const std::int64_t total = body["total_bytes"].integer(-1);
    if (type.empty() || category.empty() || total < 0 || !body["total_bytes"].is_number()) {
        return invalid("media_type, total_bytes and media_category are required");
    }
    const std::int64_t limit = category == "tweet_image" ? kImageBytes : category == "tweet_gif" ? kGifBytes
                               : category == "tweet_video" || category == "amplify_video" ? kVideoBytes : -1;
    if (limit < 0) return invalid("media_category is not one X knows");
    if (total > limit) return invalid("total_bytes is over the limit for " + category);
    const std::string id = std::to_string(next_id_++);
    Media m;
    m.owner = user;
    m.category = category;
    m.type = type;
    m.total_bytes = total;
    m.expires_at = now_s() + 86400;
    media_[id] = m;
    return json_response(200, Json::object().set("data", Json::object().set("id", id).set("media_key", "7_" + id)
                                                             .set("expires_after_secs", 86400)));
}

Response XModule::append(const Request& r, const std::string& user, const std::string& id) {
    const auto found = media_.find(id);
    if (found == media_.end() || found->second.owner != user) return invalid("no such upload");
    Media& m = found->second;
    if (m.finalized) return invalid("the upload is already finalized");
    const auto parts = parse_multipart(header(r, "Content-Type"), r.body);
    if (!parts) return invalid("the body must be multipart/form-data");
    const FormPart* media = nullptr;
    std::string segment;
    for (const auto& part : *parts) {
        if (part.name == "media") media = &part;
        if (part.name == "segment_index") segment = part.data;
    }
    if (media == nullptr || !digits(segment) || std::stoll(segment) > 999) return invalid("media and a segment_index of 0-999 are required");
    // The same segment again replaces it (a retry); any other must be the next one.
    const int index = std::stoi(segment);
    if (index != m.next_segment && index != m.next_segment - 1) {
        return invalid("segment " + segment + " arrived out of order (expected " + std::to_string(m.next_segment) + ")");
    }
    if (index == m.next_segment) {
        ++m.next_segment;
        m.received += static_cast<std::int64_t>(media->data.size());
    }
    if (m.received > m.total_bytes) return invalid("more bytes than total_bytes");
    return json_response(200, Json::object().set("data", Json::object().set("expires_at", m.expires_at)));
}

Response XModule::finalize(const std::string& user, const std::string& id) {
    const auto found = media_.find(id);
    if (found == media_.end() || found->second.owner != user) return invalid("no such upload");
    Media& m = found->second;
    if (m.finalized) return invalid("the upload is already finalized");
    if (m.received != m.total_bytes) {
        return invalid("received " + std::to_string(m.received) + " bytes of the " + std::to_string(m.total_bytes) + " declared");
    }
    m.finalized = true;
    m.polls_left = m.category == "tweet_image" ? 0 : processing_polls_;
    m.failed = fail_processing_ && m.category != "tweet_image";
    if (m.failed) m.polls_left = 0;
    return media_json(id, 200);
}

Response XModule::media_status(const std::string& user, const std::string& id) {
    const auto found = media_.find(id);
    if (found == media_.end() || found->second.owner != user) return invalid("no such media");
    if (found->second.polls_left > 0) --found->second.polls_left;
    return media_json(id, 200);
}

Response XModule::metadata(const Request& r, const std::string& user) {
    Json body;
    try {
        body = Json::parse(r.body);
    } catch (const std::invalid_argument&) {
        return invalid("the body is not JSON");
    }
    const auto found = media_.find(body["id"].text());
    if (found == media_.end() || found->second.owner != user) return invalid("no such media");
    const std::string alt = body["metadata"]["alt_text"]["text"].text();
    if (alt.empty() || code_points(alt) > 1000) return invalid("metadata.alt_text.text must be 1-1000 characters");
    if (!charge(kMetadataMills)) return problem(402, "Payment Required", "CreditsDepleted: the account has no credits left.");
    ++costs_.media_metadata;
    found->second.alt_text = alt;
    return json_response(200, Json::object().set("data", Json::object().set("id", found->first)
                                                             .set("associated_metadata", Json::object().set("alt_text", alt))));
}

Json XModule::state() const {
    Json posts = Json::array();
    for (const auto& [id, p] : posts_) {
        Json media = Json::array();
        for (const auto& m : p.media) media.push(Json::object().set("id", m).set("category", media_.at(m).category)
                                                     .set("alt_text", media_.at(m).alt_text).set("bytes", media_.at(m).received));
        posts.push(Json::object().set("id", id).set("author", p.author).set("text", p.text).set("reply_to", p.reply_to)
                       .set("deleted", p.deleted).set("media", media));
    }
    return Json::object()
        .set("posts", posts)
        .set("costs", Json::object().set("posts", costs_.posts).set("posts_with_url", costs_.posts_with_url).set("replies", costs_.replies)
                          .set("media_metadata", costs_.media_metadata).set("user_reads", costs_.user_reads)
                          .set("owned_reads", costs_.owned_reads).set("deletes", costs_.deletes).set("spent_mills", costs_.spent_mills))
        .set("uploads", static_cast<std::int64_t>(media_.size()))
        .set("bad_signatures", bad_signatures_)
        .set("calls", calls_);
}

namespace {

const ModuleRegistration kRegistration{ModuleEntry{
    "x",
    "X's API v2 and OAuth 1.0a at /x (controls: /_sandbox/x/faults, /seed, /state); consumer key sandbox-x-consumer-key,\n"
    "secret sandbox-x-consumer-secret, the account @agoras_dev",
    {{"AGORAS_X_API_URL", "/x"}, {"AGORAS_X_AUTHORIZE_URL", "/x/oauth/authorize"}},
    [](const SandboxOptions&) { return std::make_unique<XModule>(); }}};

}  // namespace

}  // namespace agoras::sandbox
