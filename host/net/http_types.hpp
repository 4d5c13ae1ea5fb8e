// The host's own description of an HTTP exchange, so that only http_transport.cpp sees cpprestsdk.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace agoras::host::net {

struct HttpCall {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type;
    std::chrono::milliseconds timeout{30'000};
    bool retry_safe = false;
};

struct HttpAnswer {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    // The value of header `name` (case-insensitive), or "".
    std::string header(const std::string& name) const;
};

}  // namespace agoras::host::net
