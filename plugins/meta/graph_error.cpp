#include "graph_error.hpp"

#include <agoras/json.hpp>

#include <algorithm>

namespace agoras::meta {
namespace {

int int_field(const Json& object, const char* name) { return static_cast<int>(object[name].integer()); }

std::string string_field(const Json& object, const char* name) {
    return object[name].is_string() ? object[name].text() : "";
}

bool contains_ci(std::string text, std::string part) {
    auto lower = [](std::string& s) { std::transform(s.begin(), s.end(), s.begin(), ::tolower); };
    lower(text);
    lower(part);
    return text.find(part) != std::string::npos;
}

std::string describe(const GraphError& e) {
    std::string text = e.message.empty() ? "HTTP " + std::to_string(e.http_status) : e.message;
    if (!e.user_message.empty() && e.user_message != e.message) text += " - " + e.user_message;
    if (e.code != 0) {
        text += " (code " + std::to_string(e.code);
        if (e.subcode != 0) text += "/" + std::to_string(e.subcode);
        text += ")";
    }
    return text;
}

}  // namespace

std::optional<GraphError> parse_graph_error(int http_status, const std::string& body) {
    try {
        return graph_error_of(http_status, Json::parse(body), true, body);
    } catch (const std::invalid_argument&) {
        return graph_error_of(http_status, Json(), false, body);
    }
}

std::optional<GraphError> graph_error_of(int http_status, const Json& json, bool parsed, const std::string& body) {
    GraphError error;
    error.http_status = http_status;
    if (!parsed) {
        if (http_status < 400) return std::nullopt;
        error.message = body.size() > 200 ? body.substr(0, 200) + "..." : body;
        return error;
    }
    if (json["error"].is_object()) {
        const Json& e = json["error"];
        error.code = int_field(e, "code");
        error.subcode = int_field(e, "error_subcode");
        error.type = string_field(e, "type");
        error.message = string_field(e, "message");
        error.user_message = string_field(e, "error_user_msg");
        return error;
    }
    if (json.has("error_message") || json.has("error_type")) {
        error.code = int_field(json, "code");
        error.type = string_field(json, "error_type");
        error.message = string_field(json, "error_message");
        return error;
    }
    if (http_status >= 400) {
        error.message = "HTTP " + std::to_string(http_status);
        return error;
    }
    return std::nullopt;
}

bool is_rate_limited(const GraphError& e) {
    return e.http_status == 429 || e.code == 4 || e.code == 17 || e.code == 32 || e.code == 613;
}

bool is_media_not_ready(const GraphError& e) { return e.code == 24 && e.subcode == 4279009; }

bool is_token_invalid(const GraphError& e) { return e.code == 190 || e.code == 102; }

sdk::Error to_error(const GraphError& e, const std::string& doing, const GraphService& service) {
    const std::string what = describe(e);
    if (is_rate_limited(e) || e.code == 341) {
        return sdk::Error(AGORAS_ERR_RATE_LIMITED,
                          "rate limit exceeded while " + doing + ": " + what +
                              ". Wait before trying again" +
                              (service.has_quota ? "; 'agoras " + service.command + " quota' shows the publishing quota"
                                                 : std::string()));
    }
    if (e.code == 506) {
        return sdk::Error(AGORAS_ERR_REMOTE, service.name + " refused a duplicate of a recent post while " + doing + ": " +
                                                 what + ". Change the text, or wait before posting it again");
    }
    if (is_token_invalid(e)) {
        return sdk::Error(AGORAS_ERR_AUTH, "token expired or revoked while " + doing + ": " + what +
                                               ". Run 'agoras " + service.command + " authorize' to get a new token");
    }
    if (e.code == 101 || e.code == 1349026 || e.code == 4476002 || contains_ci(e.message, "client secret") ||
        contains_ci(e.message, "invalid application") || contains_ci(e.message, "app id")) {
        return sdk::Error(AGORAS_ERR_AUTH,
                          "invalid credentials while " + doing + ": " + what +
                              ". Check --app-id and --app-secret: they must be the " + service.name +
                              " app ID and secret (" + service.credentials + ")");
    }
    if (e.code == 1349245 || contains_ci(e.message, "not accepted the invite")) {
        return sdk::Error(AGORAS_ERR_AUTH, "authorization failed while " + doing + ": " + what +
                                               ". Accept the " + service.name +
                                               " tester invitation (the app's Settings > Account > Website permissions "
                                               "> Invites), then authorize again");
    }
    if (e.code == 10 || (e.code >= 200 && e.code <= 299) || contains_ci(e.message, "permission")) {
        return sdk::Error(AGORAS_ERR_AUTH,
                          "the app lacks a permission while " + doing + ": " + what +
                              ". Authorize again with the needed scope (see --scopes); users who are not " +
                              service.name + " testers can grant it only after Meta's App Review approves the app");
    }
    if (contains_ci(e.message, "business") || contains_ci(e.message, "professional account")) {
        return sdk::Error(AGORAS_ERR_REMOTE, "a business (professional) account is required while " + doing + ": " +
                                                 what + ". Complete Business Verification in the App Dashboard");
    }
    if (e.type == "OAuthException" && e.http_status == 400 && contains_ci(e.message, "code")) {
        return sdk::Error(AGORAS_ERR_AUTH, "authorization failed while " + doing + ": " + what +
                                               ". Codes are single-use and expire after an hour; authorize again");
    }
    return sdk::Error(AGORAS_ERR_REMOTE, service.name + " rejected " + doing + ": " + what);
}

}  // namespace agoras::meta
