// Telegram's actions: post and video through the publisher, delete, whoami.
#include "bot_api.hpp"
#include "session.hpp"
#include "telegram.hpp"

#include <algorithm>

namespace agoras::telegram {

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("video-title", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "video/mp4", ""});
    publish_post(call, post);
}

void run_delete(const sdk::Invocation& call) {
    const std::string id = call.require("post-id");
    if (id.empty() || id.size() > 12 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        refuse("--post-id must be a message id (digits), not '" + id + "'");
    }
    const Account a = account_of(call);
    BotApi api(call.host(), a.token, call.flag("dry-run"));
    api.call("deleteMessage", {{"chat_id", a.chat_id}, {"message_id", id}}, "deleting message " + id);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", id).set("chat_id", a.chat_id).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    const Account a = account_of(call);
    BotApi api(call.host(), a.token, call.flag("dry-run"));
    const Json me = api.call("getMe", {}, "reading the bot");
    if (api.dry_run()) return;
    call.host().emit(Json::object()
                         .set("id", me["id"].text())
                         .set("username", me["username"].text())
                         .set("name", me["first_name"].text())
                         .set("chat_id", a.chat_id));
}

}  // namespace agoras::telegram
