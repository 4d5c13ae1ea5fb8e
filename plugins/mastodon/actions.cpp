// Mastodon's actions: post, reply and video through the status publisher; share, like and delete on
// an existing status; whoami.
#include "api.hpp"
#include "mastodon.hpp"
#include "session.hpp"

namespace agoras::mastodon {

namespace {

// An action on an existing status: its id resolved, the request sent, the answer returned.
Json on_status(const sdk::Invocation& call, const std::string& verb, const std::string& method, const std::string& doing,
               std::string& id) {
    const Account a = account_of(call);
    MastodonApi api(call.host(), a.instance, call.flag("dry-run"));
    api.set_token(a.token);
    id = status_id(api, call.require("post-id"));
    const std::string path = "/api/v1/statuses/" + id + verb;
    // Reblogging or favouriting twice is harmless (the instance keeps one), deleting twice is not found.
    return method == "DELETE" ? api.remove(path, doing + " " + id) : api.post(path, {}, doing + " " + id, {}, true);
}

}  // namespace

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

void run_reply(const sdk::Invocation& call) {
    sdk::Post post = sdk::post_from_options(call);
    post.reply_to = call.require("post-id");
    publish_post(call, post);
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("text", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video"), "", call.get_or("alt-text", "")});
    publish_post(call, post);
}

void run_share(const sdk::Invocation& call) {
    std::string id;
    const Json reblog = on_status(call, "/reblog", "POST", "reblogging", id);
    if (call.flag("dry-run")) return;
    call.host().emit(Json::object()
                         .set("id", sdk::checked_server_id(reblog["id"].text(), "a status id", "Mastodon"))
                         .set("reblogged", id)
                         .set("url", reblog["reblog"]["url"].text()));
}

void run_like(const sdk::Invocation& call) {
    std::string id;
    const Json status = on_status(call, "/favourite", "POST", "favouriting", id);
    if (call.flag("dry-run")) return;
    call.host().emit(Json::object().set("id", id).set("favourited", status["favourited"].boolean()));
}

void run_delete(const sdk::Invocation& call) {
    std::string id;
    on_status(call, "", "DELETE", "deleting", id);
    if (call.flag("dry-run")) return;
    call.host().emit(Json::object().set("id", id).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    const Account a = account_of(call);
    MastodonApi api(call.host(), a.instance, call.flag("dry-run"));
    api.set_token(a.token);
    const Json me = api.get("/api/v1/accounts/verify_credentials", {}, "reading the account").json;
    if (api.dry_run()) return;
    call.host().emit(Json::object()
                         .set("id", me["id"].text())
                         .set("username", me["username"].text())
                         .set("acct", me["acct"].text())
                         .set("url", me["url"].text()));
}

}  // namespace agoras::mastodon
