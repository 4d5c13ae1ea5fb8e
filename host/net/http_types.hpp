// The host's own description of an HTTP exchange, so that only http_transport.cpp sees libcurl.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace agoras::host::net {

// API answers are JSON of a few kilobytes; 16 MiB is far beyond any of them and still cheap to hold.
constexpr std::size_t kDefaultMaxResponseBytes = 16u << 20;
// Media downloads (images, videos fetched to upload them elsewhere).
constexpr std::size_t kMediaMaxResponseBytes = 1024u << 20;
constexpr std::chrono::milliseconds kDefaultTimeout{30'000};

struct HttpCall {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type;
    // The whole exchange (connect, send, wait, read) must end within this deadline, per attempt;
    // zero means default_timeout() (http_service.hpp).
    std::chrono::milliseconds timeout{0};
    bool retry_safe = false;
    std::size_t max_response_bytes = kDefaultMaxResponseBytes;
    // API requests never follow redirects (a redirect is an error naming its target); media downloads
    // may follow up to this many hops, each one checked against the URL policy.
    int max_redirects = 0;
};

struct HttpAnswer {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string redirect_url;  // absolute target of a 3xx answer's Location, if any

    // The value of header `name` (case-insensitive), or "".
    std::string header(const std::string& name) const;
};

}  // namespace agoras::host::net
