// LinkedIn's actions: post and video through the post publisher; share (reshare), like (a LIKE
// reaction) and delete on an existing post; whoami.
#include "api.hpp"
#include "linkedin.hpp"
#include "little.hpp"
#include "session.hpp"

#include <text.hpp>

namespace agoras::linkedin {

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("text", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", call.get_or("video-title", "")});
    publish_post(call, post);
}

void run_share(const sdk::Invocation& call) {
    const std::string parent = post_urn_of(call.require("post-id"));
    LinkedInApi api(call.host(), call.flag("dry-run"));
    const Account account = account_of(call, api);
    const std::string commentary = call.get_or("text", "");
    if (text::count_code_points(commentary) > kMaxText) refuse("the text is over " + std::to_string(kMaxText) + " characters");
    const auto reply = api.rest("POST", "/posts",
                                Json::object()
                                    .set("author", account.author)
                                    .set("commentary", escape_little(commentary))
                                    .set("visibility", "PUBLIC")
                                    .set("distribution", Json::object().set("feedDistribution", "MAIN_FEED").set("targetEntities", Json::array())
                                                             .set("thirdPartyDistributionChannels", Json::array()))
                                    .set("lifecycleState", "PUBLISHED")
                                    .set("reshareContext", Json::object().set("parent", parent)),
                                "resharing " + parent, false);
    if (api.dry_run()) return;
    const std::string urn = post_urn_of(reply.raw.header("x-restli-id"));
    call.host().emit(Json::object().set("id", urn).set("reshared", parent).set("url", post_url(urn)));
}

void run_like(const sdk::Invocation& call) {
    const std::string root = post_urn_of(call.require("post-id"));
    LinkedInApi api(call.host(), call.flag("dry-run"));
    const Account account = account_of(call, api);
    // Reacting twice leaves one reaction.
    api.rest("POST", "/reactions?actor=" + sdk::percent_encode(account.author), Json::object().set("root", root).set("reactionType", "LIKE"),
             "liking " + root, true);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", root).set("liked", true));
}

void run_delete(const sdk::Invocation& call) {
    const std::string urn = post_urn_of(call.require("post-id"));
    LinkedInApi api(call.host(), call.flag("dry-run"));
    account_of(call, api);
    api.rest("DELETE", "/posts/" + sdk::percent_encode(urn), std::nullopt, "deleting " + urn, false);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", urn).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    LinkedInApi api(call.host(), call.flag("dry-run"));
    const Account account = account_of(call, api);
    const Json me = api.userinfo("reading the member");
    if (api.dry_run()) return;
    Json out = Json::object().set("id", me["sub"].text()).set("name", me["name"].text()).set("urn", "urn:li:person:" + me["sub"].text());
    if (account.organization) out.set("author", account.author);
    call.host().emit(out);
}

}  // namespace agoras::linkedin
