#include "post.hpp"

#include "endpoints.hpp"
#include "session.hpp"
#include "validation.hpp"

#include <container_publisher.hpp>

namespace agoras::threads {
namespace {

[[noreturn]] void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Threads: " + message); }

// Threads fetches media itself from a public URL: a local file cannot be posted.
void check_source(const sdk::Media& media, std::size_t index) {
    const std::string what = (media.kind == AGORAS_MEDIA_VIDEO ? "video " : "image ") + std::to_string(index);
    if (media.source.rfind("https://", 0) != 0 && media.source.rfind("http://", 0) != 0) {
        refuse(what + " must be a public URL that Threads can fetch (Threads takes no uploads), not '" +
               media.source + "'");
    }
    check_media_url(media.source, what);
    check_alt_text(media.alt_text, "alt text of " + what);
}

}  // namespace

sdk::Capabilities threads_capabilities() {
    return sdk::Capabilities("threads")
        .text(kMaxTextCharacters, AGORAS_COUNT_CODE_POINTS)
        .max_media(kMaxImages)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/jpg", "image/png"})
                   .max_bytes(8ull << 20)
                   .max_dimensions(1440, 1440)
                   .per_post(kMaxImages)
                   .transfer(AGORAS_TRANSFER_URL_PULL))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/avi", "video/mov", "video/mp4", "video/webm"})
                   .max_bytes(4ull << 30)
                   .duration(0, 300)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_URL_PULL))
        .alt_text(kMaxAltTextCharacters);
}

Json validate_post(const sdk::Post& post) {
    const std::string text = join_text_and_link(post.text, post.link.value_or(""));
    check_text(text, "text");
    std::size_t images = 0, videos = 0;
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        check_source(post.media[i], i + 1);
        (post.media[i].kind == AGORAS_MEDIA_VIDEO ? videos : images) += 1;
    }
    if (text.empty() && post.media.empty()) refuse("nothing to post: give a text, a link or an image");
    if (images > kMaxImages) refuse(std::to_string(images) + " images; a post holds at most " + std::to_string(kMaxImages));
    if (videos > 1) refuse("one video per post");
    if (videos == 1 && images > 0) refuse("a video and images in one post are not supported; post them separately");
    const std::string reply_control = post.extra("reply-control").value_or("everyone");
    check_reply_control(reply_control);
    if (post.reply_to) check_post_id(*post.reply_to, "post-id");

    Json adapted = Json::object();
    adapted.set("media_type", videos == 1 ? "VIDEO" : images == 0 ? "TEXT" : images == 1 ? "IMAGE" : "CAROUSEL");
    if (!text.empty()) adapted.set("text", text);
    Json media = Json::array();
    for (const auto& m : post.media) {
        Json item = Json::object().set("url", m.source);
        if (!m.alt_text.empty()) item.set("alt_text", m.alt_text);
        media.push(std::move(item));
    }
    if (!post.media.empty()) adapted.set("media", std::move(media));
    adapted.set("reply_control", reply_control);
    if (post.reply_to) adapted.set("reply_to_id", *post.reply_to);
    return adapted;
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Json adapted = validate_post(post);
    const Endpoints endpoints = endpoints_from_environment();
    meta::GraphClient client(call.host(), endpoints.graph, threads_service(), call.flag("dry-run"));
    const Session session = open_session(call, client);
    meta::ContainerPublisher publisher(call.host(), client, session.user_id);

    sdk::Params params;
    if (adapted.has("text")) params.emplace_back("text", adapted["text"].text());
    params.emplace_back("reply_control", adapted["reply_control"].text());
    if (post.reply_to) params.emplace_back("reply_to_id", *post.reply_to);
    const std::string type = adapted["media_type"].text();
    const auto with_alt = [](sdk::Params p, const sdk::Media& m) {
        if (!m.alt_text.empty()) p.emplace_back("alt_text", m.alt_text);
        return p;
    };
    std::string container;
    const meta::PollPlan& plan = type == "VIDEO" ? meta::kVideoPoll : meta::kQuickPoll;
    if (type == "TEXT") {
        params.emplace_back("media_type", "TEXT");
        container = publisher.create_container(params, "text post");
    } else if (type == "IMAGE" || type == "VIDEO") {
        const sdk::Media& m = post.media.front();
        params.emplace_back("media_type", type);
        params.emplace_back(type == "IMAGE" ? "image_url" : "video_url", m.source);
        container = publisher.create_container(with_alt(params, m), type == "IMAGE" ? "image post" : "video");
    } else {
        // Every item's container first, then the waits: Meta processes the items side by side, so the
        // carousel takes as long as its slowest image, not the sum of them.
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < post.media.size(); ++i) {
            ids.push_back(publisher.create_container(
                with_alt({{"media_type", "IMAGE"}, {"image_url", post.media[i].source}, {"is_carousel_item", "true"}},
                         post.media[i]),
                "carousel image " + std::to_string(i + 1)));
        }
        std::string children;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            publisher.wait_until_ready(ids[i], meta::kQuickPoll, "carousel image " + std::to_string(i + 1));
            children += (children.empty() ? "" : ",") + ids[i];
        }
        params.emplace_back("media_type", "CAROUSEL");
        params.emplace_back("children", children);
        container = publisher.create_container(params, "carousel");
    }
    // How far it got, for reconcile after an interrupted run: the container that gets published.
    if (!client.dry_run()) call.host().checkpoint(Json::object().set("container", container).set("at", call.host().now_unix_ms() / 1000));
    publisher.wait_until_ready(container, plan, type == "VIDEO" ? "video" : "post");
    const std::string id = publisher.publish(container, plan, adapted["text"].text());
    if (client.dry_run()) return;  // the requests were the output; a made-up id would read like a real post
    Json result = Json::object().set("id", id);
    if (post.reply_to) result.set("reply_to", *post.reply_to);
    if (const std::string url = publisher.permalink(id); !url.empty()) result.set("url", url);
    call.host().emit(result);
}

Json reconcile_post(const sdk::Invocation& call, const sdk::Post& post, const Json& checkpoint) {
    const std::string container = checkpoint["container"].text();
    // No container: the interrupted run never got as far as creating what would be published.
    if (container.empty()) return Json::object().set("published", false);
    const Endpoints endpoints = endpoints_from_environment();
    meta::GraphClient client(call.host(), endpoints.graph, threads_service(), false);
    const Session session = open_session(call, client);
    meta::ContainerPublisher publisher(call.host(), client, session.user_id);
    if (publisher.status_of(meta::checked_graph_id(container, "container id", threads_service()), nullptr) != "PUBLISHED") {
        return Json::object().set("published", false);  // an unpublished container simply expires
    }
    // The post's own id (Meta does not promise it is the container's), found by its text.
    const auto found = publisher.find_published(validate_post(post)["text"].text(), checkpoint["at"].integer() - 300);
    if (!found) {
        call.host().warn("Threads says the interrupted post was published, but it is not among the account's recent "
                         "posts; its id is unknown");
        return Json::object().set("published", true);
    }
    return Json::object().set("published", true).set("id", found->id).set("url", found->url);
}

}  // namespace agoras::threads
