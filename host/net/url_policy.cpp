#include "net/url_policy.hpp"

#include "status_error.hpp"

#include <algorithm>

namespace agoras::host::net {

UrlParts split_url(const std::string& url) {
    UrlParts parts;
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return parts;
    parts.scheme = url.substr(0, scheme_end);
    const auto host_start = scheme_end + 3;
    const auto host_end = std::min(url.find_first_of("/?#", host_start), url.size());
    std::string authority = url.substr(host_start, host_end - host_start);
    if (const auto at = authority.rfind('@'); at != std::string::npos) {
        parts.has_userinfo = true;
        parts.userinfo = authority.substr(0, at);
        authority.erase(0, at + 1);
    }
    std::string after_host;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        parts.valid = close != std::string::npos;
        parts.host = authority.substr(1, parts.valid ? close - 1 : std::string::npos);
        after_host = parts.valid ? authority.substr(close + 1) : "";
        parts.valid = parts.valid && (after_host.empty() || after_host[0] == ':');
    } else {
        const auto colon = authority.find(':');
        parts.host = authority.substr(0, colon);
        after_host = colon == std::string::npos ? "" : authority.substr(colon);
    }
    if (!after_host.empty()) parts.port = after_host.substr(1);
    parts.rest = url.substr(host_end);
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

void require_allowed_url(const std::string& url) {
    const UrlParts parts = split_url(url);
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
    const UrlParts parts = split_url(url);
    if (!parts.valid) throw refuse("the IPv6 address is not written [like:this]");
    if (parts.has_userinfo) throw refuse("credentials in a URL are never sent");
    RequestTarget target;
    target.scheme = parts.scheme;
    target.host = parts.host;
    for (unsigned char c : target.host) {
        if (c >= 0x80) throw refuse("the host is not ASCII; write it in its xn-- (punycode) form");
    }
    if (parts.port.empty()) {
        target.port = target.tls() ? "443" : "80";
    } else {
        const bool digits = parts.port.size() <= 5 && parts.port.find_first_not_of("0123456789") == std::string::npos;
        if (!digits || std::stoul(parts.port) == 0 || std::stoul(parts.port) > 65535) {
            throw refuse("the port is not a number from 1 to 65535");
        }
        target.port = std::to_string(std::stoul(parts.port));
    }
    const std::string rest = parts.rest.substr(0, parts.rest.find('#'));
    for (unsigned char c : rest.empty() || rest[0] == '?' ? "/" + rest : rest) {
        if (c < 0x80) {
            target.target += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            target.target += {'%', hex[c >> 4], hex[c & 15]};
        }
    }
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
