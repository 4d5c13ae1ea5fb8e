// Facebook Page posts from a typed post (photos attached unpublished first, then one post), and the
// Page's actions.
#include "facebook.hpp"

#include "page.hpp"

#include <graph_client.hpp>

namespace agoras::facebook {
namespace {

Json emit_post(const sdk::Invocation& call, const std::string& id) {
    Json out = Json::object().set("id", id).set("url", "https://www.facebook.com/" + id);
    call.host().emit(out);
    return out;
}

}  // namespace

sdk::Capabilities facebook_capabilities() {
    return sdk::Capabilities("facebook")
        .text(63206, AGORAS_COUNT_CODE_POINTS)
        .max_media(kMaxImages)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png"})
                   .max_bytes(4ull << 20)
                   .per_post(kMaxImages)
                   .transfer(AGORAS_TRANSFER_URL_PULL));
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    if (post.text.empty() && !post.link && post.media.empty()) refuse("nothing to post: give a text, a link or an image");
    if (post.media.size() > kMaxImages) refuse(std::to_string(post.media.size()) + " images; a post holds at most 10");
    for (const auto& m : post.media) {
        if (m.kind != AGORAS_MEDIA_IMAGE) refuse("videos go through 'agoras facebook video'");
        if (m.source.rfind("https://", 0) != 0 && m.source.rfind("http://", 0) != 0) {
            refuse("images must be public URLs that Facebook fetches, not '" + m.source + "'");
        }
    }
    // A Page to post as, so that `post --to` stops before anything is sent anywhere.
    if (!call.flag("dry-run") && !names_page(call) && !stored_page(call)) not_authorized();
    return Json::object().set("message", post.text).set("images", post.media.size());
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    validate_post(call, post);
    meta::GraphClient client(call.host(), graph_endpoint(), service(), call.flag("dry-run"));
    const Page page = page_of(call, client);
    // Images become unpublished photos of the Page first, then attachments of the one post.
    sdk::Params form;
    if (!post.text.empty()) form.emplace_back("message", post.text);
    if (post.link) form.emplace_back("link", *post.link);
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        const Json photo = client.call("POST", client.endpoint().api({page.id, "photos"}), {},
                                       {{"url", post.media[i].source}, {"published", "false"}},
                                       "uploading image " + std::to_string(i + 1));
        form.emplace_back("attached_media[" + std::to_string(i) + "]", Json::object().set("media_fbid", photo["id"].text()).serialize());
    }
    const Json created = client.call("POST", client.endpoint().api({page.id, "feed"}), {}, form, "posting to the Page");
    if (!client.dry_run()) emit_post(call, created["id"].text());
}

void run_video(const sdk::Invocation& call) {
    const std::string url = call.require("video-url");
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) refuse("--video-url must be a public URL Facebook fetches");
    meta::GraphClient client(call.host(), graph_endpoint(), service(), call.flag("dry-run"));
    const Page page = page_of(call, client);
    sdk::Params form{{"file_url", url}};
    if (auto title = call.get("video-title")) form.emplace_back("title", *title);
    if (auto description = call.get("video-description")) form.emplace_back("description", *description);
    const Json video = client.call("POST", client.endpoint().api({page.id, "videos"}), {}, form, "posting the video");
    if (!client.dry_run()) emit_post(call, video["id"].text());
}

void run_like(const sdk::Invocation& call) {
    const std::string id = checked_id(call.require("post-id"), "post-id");
    meta::GraphClient client(call.host(), graph_endpoint(), service(), call.flag("dry-run"));
    page_of(call, client);
    const Json answer = client.call("POST", client.endpoint().api({id, "likes"}), {}, {}, "liking " + id, meta::Auth::token, meta::Repeat::safe);
    if (!client.dry_run()) call.host().emit(Json::object().set("id", id).set("liked", answer["success"].boolean()));
}

void run_share(const sdk::Invocation& call) {
    const std::string id = checked_id(call.require("post-id"), "post-id");
    const std::string profile = checked_id(call.require("profile-id"), "profile-id");
    meta::GraphClient client(call.host(), graph_endpoint(), service(), call.flag("dry-run"));
    page_of(call, client);
    // As the original does: the post's link, posted on the other feed.
    const Json shared = client.call("POST", client.endpoint().api({profile, "feed"}), {}, {{"link", "https://www.facebook.com/" + id}},
                                    "sharing " + id);
    if (!client.dry_run()) call.host().emit(Json::object().set("id", shared["id"].text()).set("shared", id));
}

void run_delete(const sdk::Invocation& call) {
    const std::string id = checked_id(call.require("post-id"), "post-id");
    meta::GraphClient client(call.host(), graph_endpoint(), service(), call.flag("dry-run"));
    page_of(call, client);
    const Json answer = client.call("DELETE", client.endpoint().api({id}), {}, {}, "deleting " + id);
    if (client.dry_run()) return;
    if (!answer["success"].boolean()) throw sdk::Error(AGORAS_ERR_REMOTE, "Facebook did not confirm deleting " + id);
    call.host().emit(Json::object().set("id", id).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    meta::GraphClient client(call.host(), graph_endpoint(), service(), call.flag("dry-run"));
    const Page page = page_of(call, client);
    const Json info = client.get(client.endpoint().api({page.id}), {{"fields", "id,name,link"}}, "reading the Page");
    if (client.dry_run()) return;
    call.host().emit(Json::object().set("id", info["id"].text()).set("name", info["name"].text()).set("url", info["link"].text()));
}

}  // namespace agoras::facebook
