#include "publisher.hpp"

#include "validation.hpp"

#include <algorithm>

namespace agoras::threads {
namespace {

constexpr int kPublishAttempts = 4;

}  // namespace

std::string Publisher::create_container(const Params& params, const std::string& what) {
    const auto json = client_.call("POST", client_.endpoints().api(user_path_ + "/threads"), {}, params,
                                   "creating the " + what + " container");
    return checked_graph_id(json["id"].text(), "id for the new " + what + " container");
}

std::string Publisher::status_of(const std::string& container_id, std::string* error_message) {
    const auto json = client_.get(client_.endpoints().api(container_id), {{"fields", "status,error_message"}},
                                  "checking the container status");
    if (error_message != nullptr) *error_message = json["error_message"].text();
    return json["status"].text();
}

void Publisher::wait_until_ready(const std::string& container_id, const PollPlan& plan, const std::string& what) {
    std::uint64_t waited = 0;
    double interval = plan.first_ms;
    for (;;) {
        std::string error_message;
        const std::string status = status_of(container_id, &error_message);
        if (status == "FINISHED" || status == "PUBLISHED") return;
        if (status == "ERROR" || status == "EXPIRED") {
            throw sdk::Error(AGORAS_ERR_REMOTE, "Threads could not process the " + what + " (" + status +
                                                    (error_message.empty() ? "" : ": " + error_message) + ")");
        }
        if (waited >= plan.deadline_ms) {
            throw sdk::Error(AGORAS_ERR_REMOTE, "the " + what + " was still " + status + " after " +
                                                    std::to_string(waited / 1000) + " s; nothing was published");
        }
        host_.progress("waiting for Threads to process the " + what + " (" + status + ", " +
                       std::to_string(waited / 1000) + " s)");
        const auto step = static_cast<std::uint32_t>(std::min<double>(interval, plan.max_ms));
        host_.sleep_ms(step);
        waited += step;
        interval *= plan.growth;
    }
}

std::string Publisher::publish(const std::string& container_id, const PollPlan& plan) {
    const std::string url = client_.endpoints().api(user_path_ + "/threads_publish");
    for (int attempt = 1;; ++attempt) {
        std::optional<GraphReply> reply;
        try {
            reply = client_.send("POST", url, {}, {{"creation_id", container_id}}, true, false);
        } catch (const sdk::Error& e) {
            if (e.status() != AGORAS_ERR_NETWORK || attempt == kPublishAttempts) throw;
            host_.warn(std::string("publishing got no answer (") + e.what() + "); checking the container first");
        }
        if (reply && !reply->error) {
            return checked_graph_id(reply->json["id"].text(), "id for the published post");
        }
        if (reply && !is_media_not_ready(*reply->error) && reply->status < 500) {
            throw to_error(*reply->error, "publishing the post");
        }
        if (attempt == kPublishAttempts) throw to_error(*reply->error, "publishing the post");
        // The attempt may or may not have been carried out: look before publishing again.
        if (status_of(container_id, nullptr) == "PUBLISHED") {
            host_.info("the container was already published; not publishing it again");
            return container_id;  // Meta's examples give the published post the container's id
        }
        wait_until_ready(container_id, plan, "post");
        host_.sleep_ms(1000u << attempt);
    }
}

}  // namespace agoras::threads
