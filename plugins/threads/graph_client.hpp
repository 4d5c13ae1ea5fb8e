// Requests to the Threads Graph API through the host's HTTP service: the access token added to each
// call, Meta's errors mapped (graph_error.hpp), throttling answers retried with backoff, and
// --dry-run printing each request (secrets redacted) instead of sending it.
#pragma once

#include "endpoints.hpp"
#include "graph_error.hpp"
#include "url.hpp"

#include <agoras/plugin.hpp>
#include <agoras/json.hpp>

#include <optional>
#include <string>

namespace agoras::threads {

struct GraphReply {
    int status = 0;
    Json json;                        // null when the body is not JSON
    std::optional<GraphError> error;  // set when Meta answered with an error
};

class GraphClient {
public:
    GraphClient(const sdk::Host& host, Endpoints endpoints, bool dry_run);

    const Endpoints& endpoints() const { return endpoints_; }
    bool dry_run() const { return dry_run_; }
    void set_access_token(const std::string& token);

    // Sends one request and returns Meta's answer, errors included; throttling codes are retried
    // first. `query` goes in the URL, `form` in an urlencoded body. The access token, when set and
    // `authenticated`, goes in the query (GET/DELETE) or the form (POST), as Meta documents.
    GraphReply send(const std::string& method, const std::string& url, Params query, Params form, bool authenticated,
                    bool retry_safe);

    // send() that throws the mapped error for any error answer; `doing` names the step for messages.
    Json call(const std::string& method, const std::string& url, Params query, Params form,
                          const std::string& doing, bool authenticated = true, bool retry_safe = false);
    Json get(const std::string& url, Params query, const std::string& doing) {
        return call("GET", url, std::move(query), {}, doing, true, true);
    }

private:
    GraphReply send_once(const std::string& method, const std::string& url, const Params& query, const Params& form,
                         bool retry_safe);
    GraphReply dry_run_reply(const std::string& method, const std::string& url, const Params& query, const Params& form);

    const sdk::Host& host_;
    Endpoints endpoints_;
    bool dry_run_;
    std::string access_token_;
    int dry_run_counter_ = 0;
};

}  // namespace agoras::threads
