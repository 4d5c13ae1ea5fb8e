// The host's own description of an HTTP exchange, so that only http_transport.cpp sees libcurl.
#pragma once

#include <agoras/ext/http.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agoras::host::net {

// API answers are JSON of a few kilobytes; 16 MiB is far beyond any of them and still cheap to hold.
constexpr std::size_t kDefaultMaxResponseBytes = 16u << 20;
// Media downloads (images, videos fetched to upload them elsewhere).
constexpr std::size_t kMediaMaxResponseBytes = 1024u << 20;
constexpr std::chrono::milliseconds kDefaultTimeout{30'000};

// Header names compare without regard to case (RFC 9110, section 5.1).
inline bool same_header_name(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

// A piece of a request body: bytes in memory, or a byte range of a file (length 0: to its end).
struct BodyPart {
    std::string data;
    std::string file_path;
    std::uint64_t file_offset = 0, file_length = 0;
};

struct HttpAnswer;

// What a plugin says about an answer (agoras_http_verdict): final, retry, or the host's rules.
enum class Verdict { final = 0, retry = 1, host_default = 2 };
using Classifier = std::function<Verdict(const HttpAnswer& answer, std::uint32_t& retry_after_ms)>;

constexpr int kDefaultAttempts = AGORAS_HTTP_DEFAULT_ATTEMPTS;  // the bounds plugins are promised
constexpr int kMaxAttemptsAllowed = AGORAS_HTTP_MAX_ATTEMPTS;

struct HttpCall {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                  // a body in memory; or, when not empty, parts:
    std::vector<BodyPart> body_parts;  // sent in order, files read while sending
    std::string content_type;
    // The whole exchange (connect, send, wait, read) must end within this deadline, per attempt;
    // zero means default_timeout() (http_service.hpp).
    std::chrono::milliseconds timeout{0};
    bool retry_safe = false;
    std::size_t max_response_bytes = kDefaultMaxResponseBytes;
    // Non-zero: the body's first this many bytes are enough; reading stops there and the answer holds them
    // (max_response_bytes does not apply). HttpAnswer::truncated says whether there was more.
    std::size_t read_at_most_bytes = 0;
    // API requests never follow redirects (a redirect is an error naming its target); media downloads
    // may follow up to this many hops, each one checked against the URL policy.
    int max_redirects = 0;
    int max_attempts = kDefaultAttempts;
    Classifier classify;  // empty: the host's rules only
    // Set: a successful (2xx) answer's body goes here as it arrives, instead of into HttpAnswer::body (other
    // answers' bodies are kept whole there). A request whose body was partly streamed is never sent again.
    std::function<void(const char* data, std::size_t size)> stream_body;
    // Set: called with bytes sent and received so far, and their totals when known (0 otherwise).
    std::function<void(std::uint64_t sent, std::uint64_t send_total, std::uint64_t received,
                       std::uint64_t receive_total)>
        on_progress;
};

// Whether `call` may change something on the server: anything but a GET or HEAD the plugin has not
// marked safe to send again.
inline bool is_write(const HttpCall& call) { return !call.retry_safe && call.method != "GET" && call.method != "HEAD"; }

struct HttpAnswer {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string redirect_url;  // absolute target of a 3xx answer's Location, if any
    int attempts = 1;          // how many times the request was sent
    bool truncated = false;    // reading stopped at HttpCall::read_at_most_bytes, with more to come
    // When no answer came (the call failed): whether the request went out, so a write may have happened.
    bool maybe_delivered = false;

    // The value of header `name` (case-insensitive), or "".
    std::string header(const std::string& name) const {
        for (const auto& [key, value] : headers) {
            if (same_header_name(key, name)) return value;
        }
        return "";
    }
};

}  // namespace agoras::host::net
