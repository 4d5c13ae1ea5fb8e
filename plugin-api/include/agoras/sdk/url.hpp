// URL, query and form encoding, in one place for the plugins, the host and the sandbox.
// Percent-encoding keeps only RFC 3986's unreserved characters as they are, so an encoded value is
// safe in a path segment, a query and an application/x-www-form-urlencoded body alike.
#ifndef AGORAS_SDK_URL_HPP
#define AGORAS_SDK_URL_HPP

#include <agoras/sdk/error.hpp>
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agoras::sdk {

using Params = std::vector<std::pair<std::string, std::string>>;

inline std::string percent_encode(std::string_view text) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as forms and queries have it).
// Malformed escapes are kept as they are.
inline std::string percent_decode(std::string_view text, bool plus_is_space = true) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+' && plus_is_space) {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// "a=1&b=x%20y": the form of both query strings and application/x-www-form-urlencoded bodies.
inline std::string encode_params(const Params& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        out += percent_encode(name) + "=" + percent_encode(value);
    }
    return out;
}

// The pairs of a query string or form body, in order (a name may repeat).
inline Params decode_params(std::string_view text) {
    Params params;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('&', start), text.size());
        const std::string_view pair = text.substr(start, end - start);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            params.emplace_back(percent_decode(pair.substr(0, eq)),
                                eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1)));
        }
        start = end + 1;
    }
    return params;
}

inline std::string with_query(const std::string& url, const Params& params) {
    if (params.empty()) return url;
    return url + (url.find('?') == std::string::npos ? "?" : "&") + encode_params(params);
}

// An id a server gave (a status, a message, a media upload), checked before it goes into a URL or a
// result: 1-256 letters, digits and the characters of `punctuation`, and not "." or "..". Anything else
// ("../../evil?x=1#", "1/../x") is a remote error naming `service`, so a server can never redirect a
// request or make a result lie. Throws sdk::Error(AGORAS_ERR_REMOTE).
inline std::string checked_server_id(const std::string& id, const std::string& what, const std::string& service,
                                     std::string_view punctuation = "._:-") {
    if (id.empty()) throw Error(AGORAS_ERR_REMOTE, service + " answered without " + what);
    bool ok = id.size() <= 256 && id != "." && id != "..";
    for (const char c : id) {
        ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    punctuation.find(c) != std::string_view::npos);
    }
    if (!ok) throw Error(AGORAS_ERR_REMOTE, service + " answered with an invalid " + what + "; refusing to use it");
    return id;
}

// Whether `url` may be fetched although it came from content someone else wrote (a page's og:image, a
// feed's enclosure, a redirect): https, and a host that is a name or a public address, never this
// machine or a private network (127/8, 10/8, 172.16/12, 192.168/16, 169.254/16, 0/8, ::1, fc00::/7,
// fe80::/10, localhost). Plain http to loopback is for addresses the user gave, not for these.
inline bool is_public_https_url(const std::string& url) {
    if (url.rfind("https://", 0) != 0) return false;
    std::string authority = url.substr(8, url.find_first_of("/?#", 8) == std::string::npos ? std::string::npos
                                                                                            : url.find_first_of("/?#", 8) - 8);
    authority = authority.substr(authority.find('@') == std::string::npos ? 0 : authority.find('@') + 1);
    std::string host = !authority.empty() && authority[0] == '[' ? authority.substr(1, authority.find(']') - 1)
                                                                 : authority.substr(0, authority.find(':'));
    for (char& c : host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    while (!host.empty() && host.back() == '.') host.pop_back();
    if (host.empty() || host == "localhost" || (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0)) {
        return false;
    }
    if (host.find(':') != std::string::npos) {  // IPv6
        return !(host == "::1" || host == "::" || host.rfind("fc", 0) == 0 || host.rfind("fd", 0) == 0 ||
                 host.rfind("fe8", 0) == 0 || host.rfind("fe9", 0) == 0 || host.rfind("fea", 0) == 0 ||
                 host.rfind("feb", 0) == 0 || host.rfind("::ffff:", 0) == 0);
    }
    unsigned octets[4] = {};
    int count = 0;
    std::size_t at = 0;
    while (count < 4 && at < host.size() && host[at] >= '0' && host[at] <= '9') {
        unsigned value = 0;
        while (at < host.size() && host[at] >= '0' && host[at] <= '9' && value < 1000) value = value * 10 + static_cast<unsigned>(host[at++] - '0');
        octets[count++] = value;
        if (at < host.size() && host[at] == '.') ++at;
    }
    if (count != 4 || at != host.size()) return true;  // a name (or something no resolver takes as an address)
    const unsigned a = octets[0], b = octets[1];
    return !(a == 127 || a == 10 || a == 0 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) ||
             (a == 169 && b == 254) || a >= 224);
}

// Scheme, host and port of `url` ("https://example.com:443" stays as written), "" when it has none.
inline std::string origin_of(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return "";
    std::string origin = url.substr(0, url.find_first_of("/?#", scheme_end + 3));
    for (char& c : origin) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return origin;
}

// Whether a URL found in content fetched from `source` (a page, a feed, a redirect) may be fetched:
// a public https address, or one on the source's own origin (a server the user chose pointing at
// itself). Never a jump from elsewhere to this machine or a private network.
inline bool may_fetch_from_content(const std::string& url, const std::string& source) {
    return is_public_https_url(url) || (!origin_of(url).empty() && origin_of(url) == origin_of(source));
}

// `reference` (a Location header, a page's og:image) made absolute against `base`, an http(s) URL; "" when it
// cannot be. Covers what servers and pages use: absolute, scheme-relative, absolute-path, query-only and
// relative-path references (dot segments are left for the server to resolve).
inline std::string resolve_url(const std::string& base, const std::string& reference) {
    if (reference.rfind("https://", 0) == 0 || reference.rfind("http://", 0) == 0) return reference;
    const auto scheme_end = base.find("://");
    if (scheme_end == std::string::npos || reference.empty()) return "";
    const auto host_end = std::min(base.find_first_of("/?#", scheme_end + 3), base.size());
    const auto path_end = std::min(base.find_first_of("?#", host_end), base.size());
    if (reference.rfind("//", 0) == 0) return base.substr(0, scheme_end + 1) + reference;
    if (reference[0] == '/') return base.substr(0, host_end) + reference;
    if (reference[0] == '?') return base.substr(0, path_end) + reference;
    if (reference[0] == '#') return base.substr(0, std::min(base.find('#'), base.size())) + reference;
    const std::string path = base.substr(host_end, path_end - host_end);
    return base.substr(0, host_end) + (path.empty() ? "/" : path.substr(0, path.rfind('/') + 1)) + reference;
}

// `base` + "/" + each segment percent-encoded: a server-supplied id can never add a path, a query
// or a fragment ("../x?a#b" stays one segment).
inline std::string join_path(std::string base, const std::vector<std::string>& segments) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    for (const auto& segment : segments) base += "/" + percent_encode(segment);
    return base;
}

}  // namespace agoras::sdk

#endif
