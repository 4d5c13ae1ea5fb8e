#include "graph_client.hpp"

#include <agoras/sdk/dry_run.hpp>

namespace agoras::meta {

std::string GraphEndpoint::api(const std::vector<std::string>& segments) const {
    std::vector<std::string> all{version};
    all.insert(all.end(), segments.begin(), segments.end());
    return sdk::join_path(base_url, all);
}

GraphClient::GraphClient(const sdk::Host& host, GraphEndpoint endpoint, GraphService service, bool dry_run)
    : host_(host), endpoint_(std::move(endpoint)), service_(std::move(service)), dry_run_(dry_run) {}

void GraphClient::set_access_token(const std::string& token) {
    access_token_ = token;
    host_.register_secret(token);
}

GraphReply GraphClient::dry_run_reply(const std::string& method, const std::string& url, const Params& query,
                                      const Params& form) {
    host_.emit(sdk::dry_run_request(method, url, query, form));
    // A plausible answer so that the remaining steps can be shown too.
    GraphReply reply;
    reply.status = 200;
    reply.json = Json::object()
                     .set("id", "DRY_RUN_" + std::to_string(++dry_run_counter_))
                     .set("status", "FINISHED")
                     .set("success", true)
                     .set("access_token", "DRY_RUN_TOKEN");
    return reply;
}

GraphReply GraphClient::send(const std::string& method, const std::string& url, Params query, Params form, Auth auth,
                             Repeat repeat) {
    if (auth == Auth::token && !access_token_.empty()) {
        (method == "POST" ? form : query).emplace_back("access_token", access_token_);
    }
    if (dry_run_) return dry_run_reply(method, url, query, form);
    sdk::HttpRequest request;
    request.method = method;
    request.url = sdk::with_query(url, query);
    request.retry_safe = repeat == Repeat::safe;
    if (method == "POST") {
        request.body = sdk::encode_params(form);
        request.content_type = "application/x-www-form-urlencoded";
    }
    // Graph's throttling codes come in 400 answers; the host repeats them like a 429, within its bound. A
    // success is not parsed here (it is, once, below).
    request.classify = [](const sdk::HttpResponse& answer, std::uint32_t&) {
        if (answer.status < 400) return sdk::HttpVerdict::host_default;
        const auto error = parse_graph_error(answer.status, answer.body);
        return error && is_rate_limited(*error) ? sdk::HttpVerdict::retry : sdk::HttpVerdict::host_default;
    };
    const sdk::HttpResponse response = host_.http(request);
    GraphReply reply;
    reply.status = response.status;
    bool parsed = true;
    try {
        reply.json = Json::parse(response.body);
    } catch (const std::invalid_argument&) {
        parsed = false;
    }
    reply.error = graph_error_of(response.status, reply.json, parsed, response.body);
    return reply;
}

Json GraphClient::call(const std::string& method, const std::string& url, Params query, Params form,
                       const std::string& doing, Auth auth, Repeat repeat) {
    GraphReply reply = send(method, url, std::move(query), std::move(form), auth, repeat);
    if (reply.error) throw to_error(*reply.error, doing, service_);
    if (!reply.json.is_object()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, service_.name + " answered " + doing + " with something that is not JSON (HTTP " +
                                                std::to_string(reply.status) + ")");
    }
    return std::move(reply.json);
}

}  // namespace agoras::meta
