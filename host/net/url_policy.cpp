#include "net/url_policy.hpp"

#include "status_error.hpp"

namespace agoras::host::net {
namespace {

struct UrlParts {
    std::string scheme, host, rest;
};

UrlParts split(const std::string& url) {
    UrlParts parts;
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return parts;
    parts.scheme = url.substr(0, scheme_end);
    const auto host_start = scheme_end + 3;
    const auto host_end = url.find_first_of("/?#", host_start);
    std::string authority = url.substr(host_start, host_end == std::string::npos ? std::string::npos : host_end - host_start);
    authority = authority.substr(authority.find('@') == std::string::npos ? 0 : authority.find('@') + 1);
    if (!authority.empty() && authority[0] == '[') {
        parts.host = authority.substr(1, authority.find(']') - 1);
    } else {
        parts.host = authority.substr(0, authority.find(':'));
    }
    parts.rest = host_end == std::string::npos ? "" : url.substr(host_end);
    return parts;
}

bool is_loopback_host(const std::string& host) {
    if (host == "localhost" || host == "::1") return true;
    // 127.0.0.0/8 as a dotted IPv4 literal, and nothing that merely starts like one (127.0.0.1.example.com).
    if (host.rfind("127.", 0) != 0) return false;
    int dots = 0;
    for (char c : host) {
        if (c == '.') ++dots;
        else if (c < '0' || c > '9') return false;
    }
    return dots == 3;
}

}  // namespace

void require_allowed_url(const std::string& url) {
    const UrlParts parts = split(url);
    if (parts.scheme == "https" && !parts.host.empty()) return;
    if (parts.scheme == "http" && is_loopback_host(parts.host)) return;
    throw usage_error("refusing to send a request to " + describe_endpoint(url) +
                      ": only https:// URLs, or http:// to a loopback address, are allowed");
}

std::string describe_endpoint(const std::string& url) {
    std::string shown = url.substr(0, url.find_first_of("?#"));
    // Credentials in the userinfo (https://user:password@host/) are never shown.
    const auto scheme_end = shown.find("://");
    if (scheme_end != std::string::npos) {
        const auto authority_end = shown.find('/', scheme_end + 3);
        const auto at = shown.rfind('@', authority_end);
        if (at != std::string::npos && at > scheme_end) shown.replace(scheme_end + 3, at - scheme_end - 3, "[REDACTED]");
    }
    return shown;
}

}  // namespace agoras::host::net
