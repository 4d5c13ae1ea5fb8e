#include "graph_client.hpp"

#include <random>

namespace agoras::threads {
namespace {

constexpr int kThrottleRetries = 3;

// Parameters whose values are credentials: never printed, even by --dry-run.
bool is_secret_param(const std::string& name) {
    return name == "access_token" || name == "client_secret" || name == "code";
}

Params redacted(const Params& params) {
    Params out = params;
    for (auto& [name, value] : out) {
        if (is_secret_param(name)) value = "[REDACTED]";
    }
    return out;
}

}  // namespace

GraphClient::GraphClient(const sdk::Host& host, Endpoints endpoints, bool dry_run)
    : host_(host), endpoints_(std::move(endpoints)), dry_run_(dry_run) {}

void GraphClient::set_access_token(const std::string& token) {
    access_token_ = token;
    host_.register_secret(token);
}

GraphReply GraphClient::dry_run_reply(const std::string& method, const std::string& url, const Params& query,
                                      const Params& form) {
    JsonObject line;
    line.add("dry_run", true).add("method", method).add("url", with_query(url, redacted(query)));
    if (!form.empty()) line.add("body", encode_params(redacted(form)));
    host_.emit(line);
    // A plausible answer so that the remaining steps can be shown too.
    GraphReply reply;
    reply.status = 200;
    reply.json = Json::parse(JsonObject()
                                 .add("id", "DRY_RUN_" + std::to_string(++dry_run_counter_))
                                 .add("status", "FINISHED")
                                 .add("success", true)
                                 .add("access_token", "DRY_RUN_TOKEN")
                                 .str());
    return reply;
}

GraphReply GraphClient::send_once(const std::string& method, const std::string& url, const Params& query,
                                  const Params& form, bool retry_safe) {
    if (dry_run_) return dry_run_reply(method, url, query, form);
    sdk::HttpRequest request;
    request.method = method;
    request.url = with_query(url, query);
    request.retry_safe = retry_safe;
    if (method == "POST") {
        request.body = encode_params(form);
        request.content_type = "application/x-www-form-urlencoded";
    }
    const sdk::HttpResponse response = host_.http(request);
    GraphReply reply;
    reply.status = response.status;
    try {
        reply.json = Json::parse(response.body);
    } catch (const std::invalid_argument&) {
        reply.json = Json();
    }
    reply.error = parse_graph_error(response.status, response.body);
    return reply;
}

GraphReply GraphClient::send(const std::string& method, const std::string& url, Params query, Params form,
                             bool authenticated, bool retry_safe) {
    if (authenticated && !access_token_.empty()) {
        (method == "POST" ? form : query).emplace_back("access_token", access_token_);
    }
    static std::mt19937 random{std::random_device{}()};
    for (int attempt = 0;; ++attempt) {
        GraphReply reply = send_once(method, url, query, form, retry_safe);
        // A throttled request was not carried out, so repeating it cannot do anything twice.
        if (!reply.error || !is_rate_limited(*reply.error) || attempt == kThrottleRetries) return reply;
        const uint32_t base = 2000u << attempt;
        const uint32_t wait = base + std::uniform_int_distribution<uint32_t>(0, base / 2)(random);
        host_.warn("Threads asked to slow down (" + reply.error->message + "); retrying in " +
                   std::to_string(wait / 1000) + " s");
        host_.sleep_ms(wait);
    }
}

Json GraphClient::call(const std::string& method, const std::string& url, Params query, Params form,
                                   const std::string& doing, bool authenticated, bool retry_safe) {
    GraphReply reply = send(method, url, std::move(query), std::move(form), authenticated, retry_safe);
    if (reply.error) throw to_error(*reply.error, doing);
    if (!reply.json.is_object()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Threads answered " + doing + " with something that is not JSON (HTTP " +
                                                std::to_string(reply.status) + ")");
    }
    return reply.json;
}

}  // namespace agoras::threads
