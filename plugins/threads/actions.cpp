#include "actions.hpp"

#include "endpoints.hpp"
#include "graph_client.hpp"
#include "publisher.hpp"
#include "session.hpp"
#include "token_endpoints.hpp"
#include "validation.hpp"

namespace agoras::threads {
namespace {

struct Image {
    std::string url, alt_text;
};

std::vector<Image> images_of(const sdk::Invocation& call) {
    std::vector<Image> images;
    for (int i = 1; i <= kMaxImages; ++i) {
        const std::string n = std::to_string(i);
        const std::string url = call.get_or("image-" + n, "");
        const std::string alt = call.get_or("alt-text-" + n, "");
        if (url.empty()) {
            if (!alt.empty()) throw sdk::Error(AGORAS_ERR_USAGE, "--alt-text-" + n + " is given without --image-" + n);
            continue;
        }
        check_media_url(url, "image-" + n);
        check_alt_text(alt, "alt-text-" + n);
        images.push_back({url, alt});
    }
    return images;
}

// Everything an action needs once its input is valid.
struct Context {
    Context(const sdk::Invocation& call, const sdk::Host& host)
        : client(host, endpoints_from_environment(), call.flag("dry-run")),
          session(open_session(call, host, client)),
          publisher(host, client, session.user_path) {}
    GraphClient client;
    Session session;
    Publisher publisher;
};

// TEXT, IMAGE or CAROUSEL (item containers first), waited for and published; returns the post id.
std::string publish_post(const sdk::Invocation& call, const sdk::Host& host, const std::string& text,
                         const std::vector<Image>& images, const Params& extra) {
    const std::string reply_control = call.get_or("reply-control", "everyone");
    check_reply_control(reply_control);
    Context context(call, host);
    Params params = extra;
    if (!text.empty()) params.emplace_back("text", text);
    params.emplace_back("reply_control", reply_control);
    std::string container;
    if (images.empty()) {
        params.emplace_back("media_type", "TEXT");
        container = context.publisher.create_container(params, "text post");
    } else if (images.size() == 1) {
        params.emplace_back("media_type", "IMAGE");
        params.emplace_back("image_url", images[0].url);
        if (!images[0].alt_text.empty()) params.emplace_back("alt_text", images[0].alt_text);
        container = context.publisher.create_container(params, "image post");
    } else {
        std::string children;
        for (std::size_t i = 0; i < images.size(); ++i) {
            Params item{{"media_type", "IMAGE"}, {"image_url", images[i].url}, {"is_carousel_item", "true"}};
            if (!images[i].alt_text.empty()) item.emplace_back("alt_text", images[i].alt_text);
            const std::string what = "carousel image " + std::to_string(i + 1);
            const std::string id = context.publisher.create_container(item, what);
            context.publisher.wait_until_ready(id, kQuickPoll, what);
            children += (children.empty() ? "" : ",") + id;
        }
        params.emplace_back("media_type", "CAROUSEL");
        params.emplace_back("children", children);
        container = context.publisher.create_container(params, "carousel");
    }
    context.publisher.wait_until_ready(container, kQuickPoll, "post");
    return context.publisher.publish(container, kQuickPoll);
}

void check_post_input(const std::string& text, const std::vector<Image>& images) {
    check_text(text, "text");
    if (text.empty() && images.empty()) {
        throw sdk::Error(AGORAS_ERR_USAGE, "nothing to post: give --text, --link or --image-N");
    }
}

// Metrics come as data[] of {name, values[{value}]} or {name, total_value{value}}.
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

void run_post(const sdk::Invocation& call, const sdk::Host& host) {
    const std::string text = join_text_and_link(call.get_or("text", ""), call.get_or("link", ""));
    const auto images = images_of(call);
    check_post_input(text, images);
    host.emit(JsonObject().add("id", publish_post(call, host, text, images, {})));
}

void run_reply(const sdk::Invocation& call, const sdk::Host& host) {
    const std::string post_id = call.require("post-id");
    check_post_id(post_id, "post-id");
    const std::string text = join_text_and_link(call.get_or("text", ""), call.get_or("link", ""));
    const auto images = images_of(call);
    check_post_input(text, images);
    host.emit(JsonObject().add("id", publish_post(call, host, text, images, {{"reply_to_id", post_id}}))
                  .add("reply_to", post_id));
}

void run_video(const sdk::Invocation& call, const sdk::Host& host) {
    const std::string url = call.require("video-url");
    check_media_url(url, "video-url");
    const std::string text = call.get_or("text", call.get_or("video-title", ""));
    check_text(text, call.get("text") ? "text" : "video-title");
    const std::string alt = call.get_or("alt-text", "");
    check_alt_text(alt, "alt-text");
    const std::string reply_control = call.get_or("reply-control", "everyone");
    check_reply_control(reply_control);

    Context context(call, host);
    Params params{{"media_type", "VIDEO"}, {"video_url", url}, {"reply_control", reply_control}};
    if (!text.empty()) params.emplace_back("text", text);
    if (!alt.empty()) params.emplace_back("alt_text", alt);
    const std::string container = context.publisher.create_container(params, "video");
    context.publisher.wait_until_ready(container, kVideoPoll, "video");
    host.emit(JsonObject().add("id", context.publisher.publish(container, kVideoPoll)));
}

void run_share(const sdk::Invocation& call, const sdk::Host& host) {
    const std::string post_id = call.require("post-id");
    check_post_id(post_id, "post-id");
    Context context(call, host);
    const auto json = context.client.call("POST", context.client.endpoints().api(post_id + "/repost"), {}, {},
                                          "reposting " + post_id);
    host.emit(JsonObject().add("id", json["id"].text()).add("reposted", post_id));
}

void run_delete(const sdk::Invocation& call, const sdk::Host& host) {
    const std::string post_id = call.require("post-id");
    check_post_id(post_id, "post-id");
    Context context(call, host);
    const auto json = context.client.call("DELETE", context.client.endpoints().api(post_id), {}, {},
                                          "deleting " + post_id);
    if (!json["success"].boolean()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Threads did not confirm deleting " + post_id + " (no \"success\": true)");
    }
    host.emit(JsonObject().add("id", post_id).add("deleted", true));
}

void run_insights(const sdk::Invocation& call, const sdk::Host& host) {
    const auto post_id = call.get("post-id");
    if (post_id) check_post_id(*post_id, "post-id");
    Context context(call, host);
    if (post_id) {
        const auto json = context.client.get(context.client.endpoints().api(*post_id + "/insights"),
                                             {{"metric", "views,likes,replies,reposts,quotes,shares"}},
                                             "reading the post's insights");
        host.emit(JsonObject().add("id", *post_id).add("metrics", metrics_json(json)));
        return;
    }
    Params query{{"metric", "views,likes,replies,reposts,quotes,followers_count"}};
    for (const char* bound : {"since", "until"}) {
        if (auto value = call.get(bound)) query.emplace_back(bound, *value);
    }
    const auto json = context.client.get(context.client.endpoints().api(context.session.user_path + "/threads_insights"),
                                         query, "reading the account's insights");
    host.emit(JsonObject().add("user_id", context.session.credentials.user_id).add("metrics", metrics_json(json)));
}

void run_quota(const sdk::Invocation& call, const sdk::Host& host) {
    Context context(call, host);
    const auto json = context.client.get(
        context.client.endpoints().api(context.session.user_path + "/threads_publishing_limit"),
        {{"fields", "quota_usage,config,reply_quota_usage,reply_config,delete_quota_usage,delete_config"}},
        "reading the publishing quota");
    const Json& usage = json["data"][0];
    host.emit(JsonObject()
                  .add("posts", quota_json(usage, "quota_usage", "config"))
                  .add("replies", quota_json(usage, "reply_quota_usage", "reply_config"))
                  .add("deletes", quota_json(usage, "delete_quota_usage", "delete_config")));
}

void run_whoami(const sdk::Invocation& call, const sdk::Host& host) {
    Context context(call, host);
    const Profile profile = fetch_profile(context.client);
    JsonObject result;
    result.add("id", profile.id).add("username", profile.username).add("name", profile.name);
    if (context.session.credentials.expires_at) result.add("token_expires_at", *context.session.credentials.expires_at);
    host.emit(result);
}

}  // namespace agoras::threads
