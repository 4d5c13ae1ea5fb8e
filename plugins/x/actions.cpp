// X's actions: post, reply and video through the post publisher; share (repost), like and delete on
// an existing post; whoami.
#include "api.hpp"
#include "session.hpp"
#include "x.hpp"

namespace agoras::x {
namespace {

// The user's own id, for the endpoints under /2/users/{id}/.
std::string own_id(const Account& account, bool dry_run) {
    if (!account.user_id.empty()) return account.user_id;
    if (dry_run) return "USER_ID";
    throw sdk::Error(AGORAS_ERR_AUTH, "X: the account's user id is unknown (TWITTER_OAUTH_TOKEN does not start with it); "
                                      "run 'agoras x authorize'");
}

// An action on an existing post: `body` (with the post id) sent to `path`.
Json on_post(const sdk::Invocation& call, const std::string& method, const std::string& path, const std::optional<Json>& body,
             const std::string& doing, const std::string& cost) {
    const Account account = account_of(call);
    XApi api(call.host(), account.keys, call.flag("dry-run"));
    XApi::Call request;
    request.method = method;
    request.path = path;
    request.body.json = body;
    request.doing = doing;
    request.cost = cost;
    request.retry_safe = true;  // reposting, liking or deleting twice leaves the same state
    return api.send(request).json;
}

}  // namespace

void run_post(const sdk::Invocation& call) {
    sdk::Post post = sdk::post_from_options(call);
    if (const auto video = call.get("video")) post.media.push_back({AGORAS_MEDIA_VIDEO, *video, "", ""});
    publish_post(call, post);
}

void run_reply(const sdk::Invocation& call) {
    sdk::Post post = sdk::post_from_options(call);
    post.reply_to = call.require("post-id");
    publish_post(call, post);
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("video-title", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", call.get_or("alt-text", "")});
    publish_post(call, post);
}

void run_share(const sdk::Invocation& call) {
    const std::string id = post_id_of(call.require("post-id"));
    const Account account = account_of(call);
    on_post(call, "POST", "/2/users/" + own_id(account, call.flag("dry-run")) + "/retweets", Json::object().set("tweet_id", id),
            "reposting " + id, "");
    if (call.flag("dry-run")) return;
    call.host().emit(Json::object().set("id", id).set("reposted", true).set("url", post_url({}, id)));
}

void run_like(const sdk::Invocation& call) {
    const std::string id = post_id_of(call.require("post-id"));
    const Account account = account_of(call);
    on_post(call, "POST", "/2/users/" + own_id(account, call.flag("dry-run")) + "/likes", Json::object().set("tweet_id", id),
            "liking " + id, "");
    if (call.flag("dry-run")) return;
    call.host().emit(Json::object().set("id", id).set("liked", true));
}

void run_delete(const sdk::Invocation& call) {
    const std::string id = post_id_of(call.require("post-id"));
    const Json answer = on_post(call, "DELETE", "/2/tweets/" + id, std::nullopt, "deleting " + id, "");
    if (call.flag("dry-run")) return;
    call.host().emit(Json::object().set("id", id).set("deleted", answer["data"]["deleted"].boolean()));
}

void run_whoami(const sdk::Invocation& call) {
    const Json me = on_post(call, "GET", "/2/users/me?user.fields=username,name", std::nullopt, "reading the account",
                            "$0.010: a user read");
    if (call.flag("dry-run")) return;
    const Json& data = me["data"];
    call.host().emit(Json::object()
                         .set("id", sdk::checked_server_id(data["id"].text(), "a user id", "X", ""))
                         .set("username", data["username"].text())
                         .set("name", data["name"].text())
                         .set("url", "https://x.com/" + data["username"].text()));
}

}  // namespace agoras::x
