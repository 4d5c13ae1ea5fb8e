// Media containers: create, wait until Meta has processed them, publish exactly once.
#pragma once

#include "graph_client.hpp"
#include "url.hpp"

#include <cstdint>
#include <string>

namespace agoras::threads {

// How long to poll a container: first interval, growth, cap, overall deadline (milliseconds).
struct PollPlan {
    std::uint32_t first_ms, max_ms;
    double growth;
    std::uint32_t deadline_ms;
};
constexpr PollPlan kQuickPoll{1000, 5000, 1.5, 120'000};   // text and images
constexpr PollPlan kVideoPoll{3000, 15000, 1.5, 600'000};  // video: Meta says "seconds or minutes"

class Publisher {
public:
    Publisher(const sdk::Host& host, GraphClient& client, std::string user_path)
        : host_(host), client_(client), user_path_(std::move(user_path)) {}

    // POST /{user}/threads; returns the container id.
    std::string create_container(const Params& params, const std::string& what);
    // Polls GET /{container}?fields=status,error_message until FINISHED (or PUBLISHED). ERROR and
    // EXPIRED end the run with Meta's error_message; so does the deadline.
    void wait_until_ready(const std::string& container_id, const PollPlan& plan, const std::string& what);
    // POST /{user}/threads_publish. "Media not found" (24/4279009) waits and retries; after any
    // failed attempt the container's status is checked first, so a post is never published twice.
    std::string publish(const std::string& container_id, const PollPlan& plan);

private:
    std::string status_of(const std::string& container_id, std::string* error_message);

    const sdk::Host& host_;
    GraphClient& client_;
    std::string user_path_;
};

}  // namespace agoras::threads
