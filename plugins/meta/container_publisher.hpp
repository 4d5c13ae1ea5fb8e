// Meta's media containers (Threads and Instagram publish this way): create a container, wait until
// Meta has processed it, publish it exactly once.
#pragma once

#include "graph_client.hpp"

#include <agoras/sdk/poll.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace agoras::meta {

// How long to poll a container: first interval, growth, cap, overall deadline (milliseconds).
using sdk::PollPlan;
constexpr PollPlan kQuickPoll{1000, 5000, 1.5, 120'000};   // text and images
constexpr PollPlan kVideoPoll{3000, 15000, 1.5, 600'000};  // video: Meta says "seconds or minutes"

// Where a product keeps its containers (edges of the user node) and how it reports their status.
struct ContainerApi {
    std::string create_edge = "threads";           // POST /{user}/<create_edge>
    std::string publish_edge = "threads_publish";  // POST /{user}/<publish_edge>?creation_id=
    std::string status_field = "status";           // FINISHED, PUBLISHED, IN_PROGRESS, ERROR, EXPIRED
    std::string error_field = "error_message";
    std::string list_edge = "threads";  // GET /{user}/<list_edge>: the user's published posts, newest first
    std::string text_field = "text";
};

// A published post as the user's list shows it.
struct PublishedPost {
    std::string id, url;
};

class ContainerPublisher {
public:
    ContainerPublisher(const sdk::Host& host, GraphClient& client, std::string user_id, ContainerApi api = {})
        : host_(host), client_(client), user_id_(std::move(user_id)), api_(std::move(api)) {}

    // Returns the container id (checked to be a Graph id).
    std::string create_container(const Params& params, const std::string& what);
    // Polls the container until FINISHED (or PUBLISHED). ERROR and EXPIRED end the run with Meta's
    // message; so does the deadline.
    void wait_until_ready(const std::string& container_id, const PollPlan& plan, const std::string& what);
    // Publishes. "Media not found" (24/4279009) is repeated by the host; after an answer that may or
    // may not have been carried out (5xx, no answer) the container's status is checked first, so a post
    // is never published twice; when it was, the post is looked up by `text` (find_published). Returns
    // the post's id ("" when it cannot be found).
    std::string publish(const std::string& container_id, const PollPlan& plan, const std::string& text);
    // The user's oldest post with `text` published since `since_unix` (Meta does not promise that a
    // post keeps its container's id, so this is how a post published by an interrupted call is found).
    std::optional<PublishedPost> find_published(const std::string& text, std::int64_t since_unix);
    // The web address of published media, read with one more (harmless) request; "" when Meta does not
    // give it, since a post is never failed for want of it.
    std::string permalink(const std::string& media_id);
    // The container's status ("" when Meta sends none).
    std::string status_of(const std::string& container_id, std::string* error_message);

private:
    sdk::Host host_;
    GraphClient& client_;
    std::string user_id_;
    ContainerApi api_;
};

// An id that came from Meta, before it goes into a URL: 1-64 of [A-Za-z0-9_]. Anything else (a path,
// a query, a fragment) is a hostile or broken answer: throws sdk::Error(AGORAS_ERR_REMOTE).
std::string checked_graph_id(const std::string& id, const std::string& what, const GraphService& service);

}  // namespace agoras::meta
