// Requests to a Meta Graph API through the host's HTTP service: the access token added to each call,
// Meta's errors mapped (graph_error.hpp), throttling answers classified for the host (which owns the
// retries: a throttled request costs at most AGORAS_HTTP_DEFAULT_ATTEMPTS sends), and --dry-run
// printing each request (secrets redacted) instead of sending it.
#pragma once

#include "graph_error.hpp"

#include <agoras/json.hpp>
#include <agoras/plugin.hpp>
#include <agoras/sdk/url.hpp>

#include <optional>
#include <string>
#include <vector>

namespace agoras::meta {

using sdk::Params;

// Where a Graph API lives: its base URL (overridable for the sandbox) and pinned version.
struct GraphEndpoint {
    std::string base_url;  // "https://graph.threads.net", no trailing slash
    std::string version;   // "v1.0"

    // A versioned data endpoint: every path segment percent-encoded, so an id can only ever be one segment.
    std::string api(const std::vector<std::string>& segments) const;
    // An unversioned endpoint (Meta's token endpoints): `path` is the plugin's own constant.
    std::string unversioned(const std::string& path) const { return base_url + "/" + path; }
};

struct GraphReply {
    int status = 0;
    Json json;                        // null when the body is not JSON
    std::optional<GraphError> error;  // set when Meta answered with an error
};

// Whether a request is sent with the access token, and whether sending it twice is harmless.
enum class Auth { token, none };
enum class Repeat { safe, unsafe };

class GraphClient {
public:
    GraphClient(const sdk::Host& host, GraphEndpoint endpoint, GraphService service, bool dry_run);

    const GraphEndpoint& endpoint() const { return endpoint_; }
    const GraphService& service() const { return service_; }
    bool dry_run() const { return dry_run_; }
    void set_access_token(const std::string& token);

    // Sends one request and returns Meta's answer, errors included. `query` goes in the URL, `form` in
    // an urlencoded body; with Auth::token the access token goes in the query (GET/DELETE) or the form
    // (POST), as Meta documents.
    GraphReply send(const std::string& method, const std::string& url, Params query, Params form, Auth auth,
                    Repeat repeat);
    // send() that throws the mapped error for any error answer; `doing` names the step for messages.
    Json call(const std::string& method, const std::string& url, Params query, Params form, const std::string& doing,
              Auth auth = Auth::token, Repeat repeat = Repeat::unsafe);
    Json get(const std::string& url, Params query, const std::string& doing) {
        return call("GET", url, std::move(query), {}, doing, Auth::token, Repeat::safe);
    }

private:
    GraphReply dry_run_reply(const std::string& method, const std::string& url, const Params& query, const Params& form);

    sdk::Host host_;
    GraphEndpoint endpoint_;
    GraphService service_;
    bool dry_run_;
    std::string access_token_;
    int dry_run_counter_ = 0;
};

}  // namespace agoras::meta
