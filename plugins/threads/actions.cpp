#include "actions.hpp"

#include "endpoints.hpp"
#include "post.hpp"
#include "session.hpp"
#include "token_endpoints.hpp"
#include "validation.hpp"

#include <container_publisher.hpp>

#include <cstdlib>

namespace agoras::threads {
namespace {

// The post of `threads post` and `reply`: the common options and the reply control; `post` also reads
// the original's STATUS_IMAGE_URL_1..4 when no --image is given.
sdk::Post post_of(const sdk::Invocation& call, bool from_status_env) {
    std::vector<std::string> status_images;
    for (const auto& setting : kStatusImageUrls) {
        if (auto url = setting.value(); from_status_env && !url.empty()) status_images.push_back(std::move(url));
    }
    sdk::Post post = sdk::post_from_options(call, status_images);
    post.extras.emplace_back("reply-control", call.get_or("reply-control", "everyone"));
    return post;
}

// Everything an action on an existing post needs once its input is valid.
struct Context {
    explicit Context(const sdk::Invocation& call)
        : endpoints(endpoints_from_environment()),
          client(call.host(), endpoints.graph, threads_service(), call.flag("dry-run")),
          session(open_session(call, client)) {}
    Endpoints endpoints;
    meta::GraphClient client;
    Session session;
};

Json metrics_json(const Json& json) {
    Json metrics = Json::object();
    for (const auto& item : json["data"].items()) {
        const std::string name = item["name"].text();
        if (name.empty()) continue;
        if (item.has("total_value")) {
            metrics.set(name, item["total_value"]["value"]);
        } else if (item["values"].size() > 0) {
            std::int64_t sum = 0;
            for (const auto& v : item["values"].items()) sum += v["value"].integer();
            metrics.set(name, sum);
        }
    }
    return metrics;
}

Json quota_json(const Json& usage, const char* used_field, const char* config_field) {
    const Json& config = usage[config_field];
    return Json::object()
        .set("used", usage[used_field])
        .set("limit", config["quota_total"])
        .set("window_s", config["quota_duration"]);
}

}  // namespace

void run_post(const sdk::Invocation& call) { publish_post(call, post_of(call, true)); }

void run_reply(const sdk::Invocation& call) {
    sdk::Post post = post_of(call, false);
    post.reply_to = call.require("post-id");
    check_post_id(*post.reply_to, "post-id");
    publish_post(call, post);
}

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("text", call.get_or("video-title", ""));
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", call.get_or("alt-text", "")});
    post.extras.emplace_back("reply-control", call.get_or("reply-control", "everyone"));
    publish_post(call, post);
}

// The account's repost of `post_id` among its newest 100 threads (reposts are listed as REPOST_FACADE with the
// post they repost), or "". Threads keeps every repost made, so a second one would be a second post.
std::string existing_repost(Context& context, const std::string& post_id) {
    const auto json = context.client.get(context.endpoints.graph.api({context.session.user_id, "threads"}),
                                         {{"fields", "id,media_type,reposted_post"}, {"limit", "100"}},
                                         "looking for an earlier repost");
    for (const auto& item : json["data"].items()) {
        if (item["media_type"].text() == "REPOST_FACADE" && item["reposted_post"]["id"].text() == post_id) {
            return item["id"].text();
        }
    }
    return "";
}

void run_share(const sdk::Invocation& call) {
    const std::string post_id = call.require("post-id");
    check_post_id(post_id, "post-id");
    Context context(call);
    if (!context.client.dry_run()) {
        const std::string earlier = existing_repost(context, post_id);
        if (!earlier.empty()) {
            call.host().info("already reposted: " + earlier);
            call.host().emit(Json::object().set("id", earlier).set("reposted", post_id).set("existing", true));
            return;
        }
    }
    const auto json = context.client.call("POST", context.endpoints.graph.api({post_id, "repost"}), {}, {},
                                          "reposting " + post_id);
    call.host().emit(Json::object().set("id", json["id"].text()).set("reposted", post_id));
}

void run_delete(const sdk::Invocation& call) {
    const std::string post_id = call.require("post-id");
    check_post_id(post_id, "post-id");
    Context context(call);
    const auto json = context.client.call("DELETE", context.endpoints.graph.api({post_id}), {}, {},
                                          "deleting " + post_id);
    if (!json["success"].boolean()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Threads did not confirm deleting " + post_id + " (no \"success\": true)");
    }
    call.host().emit(Json::object().set("id", post_id).set("deleted", true));
}

void run_insights(const sdk::Invocation& call) {
    const auto post_id = call.get("post-id");
    if (post_id) check_post_id(*post_id, "post-id");
    Context context(call);
    if (post_id) {
        const auto json = context.client.get(context.endpoints.graph.api({*post_id, "insights"}),
                                             {{"metric", "views,likes,replies,reposts,quotes,shares"}},
                                             "reading the post's insights");
        call.host().emit(Json::object().set("id", *post_id).set("metrics", metrics_json(json)));
        return;
    }
    sdk::Params query{{"metric", "views,likes,replies,reposts,quotes,followers_count"}};
    for (const char* bound : {"since", "until"}) {
        if (auto value = call.get(bound)) query.emplace_back(bound, *value);
    }
    const auto json = context.client.get(context.endpoints.graph.api({context.session.user_id, "threads_insights"}),
                                         query, "reading the account's insights");
    call.host().emit(
        Json::object().set("user_id", context.session.credentials.user_id).set("metrics", metrics_json(json)));
}

void run_quota(const sdk::Invocation& call) {
    Context context(call);
    const auto json = context.client.get(
        context.endpoints.graph.api({context.session.user_id, "threads_publishing_limit"}),
        {{"fields", "quota_usage,config,reply_quota_usage,reply_config,delete_quota_usage,delete_config"}},
        "reading the publishing quota");
    const Json& usage = json["data"][0];
    call.host().emit(Json::object()
                         .set("posts", quota_json(usage, "quota_usage", "config"))
                         .set("replies", quota_json(usage, "reply_quota_usage", "reply_config"))
                         .set("deletes", quota_json(usage, "delete_quota_usage", "delete_config")));
}

void run_whoami(const sdk::Invocation& call) {
    Context context(call);
    const Profile profile = fetch_profile(context.client);
    if (context.client.dry_run()) return;
    Json result = Json::object().set("id", profile.id).set("username", profile.username).set("name", profile.name);
    if (context.session.credentials.expires_at) result.set("token_expires_at", *context.session.credentials.expires_at);
    call.host().emit(result);
}

}  // namespace agoras::threads
