#include "container_publisher.hpp"

#include <algorithm>

namespace agoras::meta {
namespace {

// Rounds of publish-then-look: a publish whose outcome is unknown is followed by a status check and,
// only if the container is still unpublished, one more publish.
constexpr int kPublishRounds = 3;
// How far before the publish call a post found by its text may be dated (clocks differ).
constexpr std::int64_t kLookBackSeconds = 300;

}  // namespace

std::string checked_graph_id(const std::string& id, const std::string& what, const GraphService& service) {
    return sdk::checked_server_id(id, what, service.name, "_");  // Graph ids: digits, letters, PAGE_POST
}

std::string ContainerPublisher::create_container(const Params& params, const std::string& what) {
    const auto json = client_.call("POST", client_.endpoint().api({user_id_, api_.create_edge}), {}, params,
                                   "creating the " + what + " container");
    return checked_graph_id(json["id"].text(), "id for the new " + what + " container", client_.service());
}

std::string ContainerPublisher::status_of(const std::string& container_id, std::string* error_message) {
    const auto json = client_.get(client_.endpoint().api({container_id}),
                                  {{"fields", api_.status_field + "," + api_.error_field}},
                                  "checking the container status");
    if (error_message != nullptr) *error_message = json[api_.error_field].text();
    return json[api_.status_field].text();
}

void ContainerPublisher::wait_until_ready(const std::string& container_id, const PollPlan& plan,
                                          const std::string& what) {
    const std::string& name = client_.service().name;
    std::string status;
    const bool ready = sdk::poll_until(
        host_, plan,
        [&] {
            std::string error_message;
            status = status_of(container_id, &error_message);
            if (status == "ERROR" || status == "EXPIRED") {
                throw sdk::Error(AGORAS_ERR_REMOTE, name + " could not process the " + what + " (" + status +
                                                        (error_message.empty() ? "" : ": " + error_message) + ")");
            }
            return status == "FINISHED" || status == "PUBLISHED";
        },
        [&](std::uint64_t waited) {
            return "waiting for " + name + " to process the " + what + " (" + status + ", " +
                   std::to_string(waited / 1000) + " s)";
        });
    if (!ready) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "the " + what + " was still " + status + " after " +
                                                std::to_string(plan.deadline_ms / 1000) + " s; nothing was published");
    }
}

std::string ContainerPublisher::publish(const std::string& container_id, const PollPlan& plan, const std::string& text) {
    const std::int64_t started = host_.now_unix_ms() / 1000;
    const std::string url = client_.endpoint().api({user_id_, api_.publish_edge});
    for (int round = 1;; ++round) {
        std::optional<GraphReply> reply;
        try {
            reply = client_.send("POST", url, {}, {{"creation_id", container_id}}, Auth::token, Repeat::unsafe);
        } catch (const sdk::Error& e) {
            if (e.status() != AGORAS_ERR_NETWORK || round == kPublishRounds) throw;
            host_.warn(std::string("publishing got no answer (") + e.what() + "); checking the container first");
        }
        if (reply && !reply->error) {
            return checked_graph_id(reply->json["id"].text(), "id for the published post", client_.service());
        }
        // Refused outright (not a 5xx, not "not ready yet" after the host's repeats): nothing was published.
        if (reply && reply->status < 500 && !is_media_not_ready(*reply->error)) {
            throw to_error(*reply->error, "publishing the post", client_.service());
        }
        if (round == kPublishRounds) {
            if (reply) throw to_error(*reply->error, "publishing the post", client_.service());
        }
        // The attempt may or may not have been carried out: look before publishing again.
        if (status_of(container_id, nullptr) == "PUBLISHED") {
            host_.info("the container was already published; not publishing it again");
            const auto post = find_published(text, started - kLookBackSeconds);
            if (!post) host_.warn("the post was published, but it is not among the account's recent posts; its id is unknown");
            return post ? post->id : "";
        }
        wait_until_ready(container_id, plan, "post");
    }
}

std::optional<PublishedPost> ContainerPublisher::find_published(const std::string& text, std::int64_t since_unix) {
    const Json listed = client_.get(client_.endpoint().api({user_id_, api_.list_edge}),
                                    {{"fields", "id," + api_.text_field + ",permalink,timestamp"},
                                     {"limit", "100"},
                                     {"since", std::to_string(since_unix)}},
                                    "looking for the published post");
    std::optional<PublishedPost> found;
    for (const auto& item : listed["data"].items()) {
        // Newest first: the last match is the oldest.
        if (item[api_.text_field].text() == text) {
            found = PublishedPost{checked_graph_id(item["id"].text(), "id of a listed post", client_.service()),
                                  item["permalink"].text()};
        }
    }
    return found;
}

std::string ContainerPublisher::permalink(const std::string& media_id) {
    if (client_.dry_run() || media_id.empty()) return "";
    try {
        return client_.get(client_.endpoint().api({media_id}), {{"fields", "permalink"}}, "reading the post's permalink")["permalink"].text();
    } catch (const sdk::Error& e) {
        host_.debug(std::string("no permalink for the post: ") + e.what());
        return "";
    }
}

}  // namespace agoras::meta
