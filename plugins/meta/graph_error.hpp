// Meta's Graph error answers and what they mean for the user: a troubleshooting category (see
// docs/credentials/threads.md), an exit status and a message that says what to do next. Shared by
// every Meta product (Threads, Facebook, Instagram); GraphService names the product in messages.
#pragma once

#include <agoras/plugin.hpp>

#include <optional>
#include <string>

namespace agoras::meta {

// The Meta product a plugin talks to, for messages that tell the user what to do.
struct GraphService {
    std::string name;         // "Threads"
    std::string command;      // "threads": the agoras platform word
    std::string credentials;  // where the app id and secret are found, e.g. "App Dashboard > ... > Settings"
    bool has_quota = false;   // `agoras <command> quota` exists
};

struct GraphError {
    int http_status = 0;
    int code = 0;
    int subcode = 0;
    std::string type;
    std::string message;
    std::string user_message;  // error_user_msg, when Meta sends one
};

// Reads both shapes Meta uses: the Graph envelope {"error":{...}} and the flat OAuth one
// {"error_type","code","error_message"}. nullopt for a success status with no error in the body.
std::optional<GraphError> parse_graph_error(int http_status, const std::string& body);
// The same for a body parsed already (`json` is what it read; `parsed` false when it was not JSON), so that a
// large answer is not parsed twice.
std::optional<GraphError> graph_error_of(int http_status, const Json& json, bool parsed, const std::string& body);

// HTTP 429 or one of Graph's throttling codes (4, 17, 32, 613): the request was not carried out.
bool is_rate_limited(const GraphError& error);
// Code 24 / subcode 4279009: the container is not ready (or not found) at publish time.
bool is_media_not_ready(const GraphError& error);
// Code 190: the access token expired, was revoked or is invalid.
bool is_token_invalid(const GraphError& error);

// The exception to end the run with; `doing` says what was attempted ("publishing the post").
sdk::Error to_error(const GraphError& error, const std::string& doing, const GraphService& service);

}  // namespace agoras::meta
