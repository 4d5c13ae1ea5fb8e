#include "net/url_policy.hpp"

#include "status_error.hpp"

#include <algorithm>

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

}  // namespace

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

void require_allowed_url(const std::string& url) {
    const UrlParts parts = split(url);
    if (parts.scheme == "https" && !parts.host.empty()) return;
    if (parts.scheme == "http" && is_loopback_host(parts.host)) return;
    throw usage_error("refusing to send a request to " + describe_endpoint(url) +
                      ": only https:// URLs, or http:// to a loopback address, are allowed");
}

RequestTarget request_target(const std::string& url) {
    require_allowed_url(url);
    const auto refuse = [&](const std::string& why) {
        return usage_error("refusing to send a request to " + describe_endpoint(url) + ": " + why);
    };
    for (unsigned char c : url) {
        if (c <= 0x20 || c == 0x7f) throw refuse("the URL has a space or a control character (percent-encode it)");
    }
    RequestTarget target;
    const auto scheme_end = url.find("://");
    target.scheme = url.substr(0, scheme_end);
    const auto host_start = scheme_end + 3;
    const auto host_end = std::min(url.find_first_of("/?#", host_start), url.size());
    const std::string authority = url.substr(host_start, host_end - host_start);
    if (authority.find('@') != std::string::npos) throw refuse("credentials in a URL are never sent");
    std::string port;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) throw refuse("the IPv6 address has no closing ']'");
        target.host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') throw refuse("unexpected text after the IPv6 address");
            port = authority.substr(close + 2);
        }
    } else {
        const auto colon = authority.find(':');
        target.host = authority.substr(0, colon);
        if (colon != std::string::npos) port = authority.substr(colon + 1);
    }
    for (unsigned char c : target.host) {
        if (c >= 0x80) throw refuse("the host is not ASCII; write it in its xn-- (punycode) form");
    }
    const std::string default_port = target.tls() ? "443" : "80";
    if (port.empty()) {
        target.port = default_port;
    } else {
        const bool digits = port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoul(port) == 0 || std::stoul(port) > 65535) throw refuse("the port is not a number from 1 to 65535");
        target.port = std::to_string(std::stoul(port));
    }
    const std::string rest = url.substr(host_end, std::min(url.find('#', host_end), url.size()) - host_end);
    target.target = rest.empty() || rest[0] == '?' ? "/" + rest : rest;
    std::string encoded;
    for (unsigned char c : target.target) {
        if (c < 0x80) {
            encoded += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            encoded += {'%', hex[c >> 4], hex[c & 15]};
        }
    }
    target.target = std::move(encoded);
    return target;
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
