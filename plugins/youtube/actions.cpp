// YouTube's actions on an existing video (like, delete) and whoami (the authorized channel).
#include "youtube.hpp"

namespace agoras::youtube {

void run_like(const sdk::Invocation& call) {
    const std::string id = video_id_of(call.require("post-id"));
    YouTubeApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    api.json("POST", "/youtube/v3/videos/rate?id=" + id + "&rating=like", std::nullopt, "liking " + id, true);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", id).set("liked", true));
}

void run_delete(const sdk::Invocation& call) {
    const std::string id = video_id_of(call.require("post-id"));
    YouTubeApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    api.json("DELETE", "/youtube/v3/videos?id=" + id, std::nullopt, "deleting " + id, false);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", id).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    YouTubeApi api(call.host(), call.flag("dry-run"));
    sign_in(call, api);
    const Json channels = api.json("GET", "/youtube/v3/channels?part=snippet&mine=true", std::nullopt, "reading the channel", true);
    if (api.dry_run()) return;
    const std::string id = channels["items"][0]["id"].text();
    if (id.empty()) throw sdk::Error(AGORAS_ERR_REMOTE, "this Google account has no YouTube channel");
    call.host().emit(Json::object().set("id", id).set("title", channels["items"][0]["snippet"]["title"].text())
                         .set("url", "https://www.youtube.com/channel/" + id));
}

}  // namespace agoras::youtube
