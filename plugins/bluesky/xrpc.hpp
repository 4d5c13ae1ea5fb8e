// Calls to an AT Protocol server (XRPC: GET for queries, POST for procedures, JSON both ways) through
// the host's HTTP service: the session's bearer token on each call, an expired token renewed once
// through the session's hook, the server's {"error","message"} mapped to agoras' exit codes, throttling
// left to the host (which honours RateLimit-Reset and Retry-After), and --dry-run printing each
// request instead of sending it.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/url.hpp>

#include <functional>
#include <optional>
#include <string>

namespace agoras::bluesky {

struct XrpcFailure {
    int status = 0;
    std::string name;  // the lexicon's error name ("ExpiredToken"), or "" when the body has none
    std::string message;
};

// A failed call, kept for callers that handle some answers themselves (RecordNotFound, say).
class XrpcError : public sdk::Error {
public:
    XrpcError(agoras_status status, const std::string& message, XrpcFailure failure)
        : sdk::Error(status, message), failure_(std::move(failure)) {}
    const XrpcFailure& failure() const { return failure_; }

private:
    XrpcFailure failure_;
};

class Xrpc {
public:
    Xrpc(const sdk::Host& host, std::string service_url, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const std::string& service() const { return service_; }
    void set_service(std::string url) { service_ = std::move(url); }
    // The bearer token of later calls (registered as a secret, so no log line shows it).
    void set_token(const std::string& token);
    // Called when the server says the token expired: returns the new token, or nullopt when the
    // session cannot be renewed (then the call fails with AGORAS_ERR_AUTH).
    void on_expired(std::function<std::optional<std::string>(const std::string& expired)> renew) {
        renew_ = std::move(renew);
    }

    Json query(const std::string& nsid, const sdk::Params& params, const std::string& doing);
    // A procedure with a JSON body. `retry_safe`: sending it twice cannot do anything twice.
    Json procedure(const std::string& nsid, const Json& body, const std::string& doing, bool retry_safe = false);
    // com.atproto.repo.uploadBlob: the bytes in memory, or a file streamed from disk. Returns the blob.
    Json upload_blob(const std::string& bytes, const std::string& file_path, std::uint64_t size,
                     const std::string& mime_type, const std::string& doing);
    // A procedure authorized by `token` instead of the session's (refreshSession takes the refresh token).
    Json procedure_with(const std::string& token, const std::string& nsid, const Json& body, const std::string& doing);

private:
    // `own_token`: sent instead of the session's, and never renewed.
    Json send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing,
              const std::optional<std::string>& own_token);
    Json dry_run_reply(const std::string& method, const std::string& url, const std::string& shown_body,
                       const std::string& nsid);

    sdk::Host host_;
    std::string service_;
    bool dry_run_;
    std::string token_;
    std::function<std::optional<std::string>(const std::string&)> renew_;
    int dry_run_counter_ = 0;
};

// The failure in an XRPC answer, or nullopt when it is a success.
std::optional<XrpcFailure> parse_failure(int status, const std::string& body);

}  // namespace agoras::bluesky
