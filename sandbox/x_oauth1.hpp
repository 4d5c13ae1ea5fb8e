// The X module's own OAuth 1.0a checker (RFC 5849), written apart from the plugin's signer so that a
// mistake in one is not repeated in the other: the Authorization header parsed, the signature base
// string rebuilt from the request as received, HMAC-SHA1 recomputed. Header-only, so the X plugin's unit
// tests check it against the same documented vector as the signer, with no build rule of their own.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agoras::sandbox::x_oauth {
namespace detail {

// RFC 3986 section 2.3's unreserved characters stay; everything else is %XX in upper case.
inline std::string rfc3986(const std::string& text) {
    static const std::string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    std::string out;
    char hex[4];
    for (const unsigned char c : text) {
        if (unreserved.find(static_cast<char>(c)) != std::string::npos) {
            out += static_cast<char>(c);
        } else {
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

inline std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace detail

// The oauth_* pairs of an "OAuth k=\"v\", ..." header, percent-decoded; nullopt when it is not one.
inline std::optional<std::map<std::string, std::string>> parse_authorization(const std::string& header) {
    if (header.rfind("OAuth ", 0) != 0) return std::nullopt;
    std::map<std::string, std::string> fields;
    std::size_t i = 6;
    while (i < header.size()) {
        while (i < header.size() && (header[i] == ' ' || header[i] == ',')) ++i;
        if (i >= header.size()) break;
        const auto equals = header.find('=', i);
        if (equals == std::string::npos || equals + 1 >= header.size() || header[equals + 1] != '"') return std::nullopt;
        const auto close = header.find('"', equals + 2);
        if (close == std::string::npos) return std::nullopt;
        const std::string name = header.substr(i, equals - i);
        if (!fields.emplace(name, detail::unescape(header.substr(equals + 2, close - equals - 2))).second) return std::nullopt;
        i = close + 1;
    }
    return fields;
}

// The base64 HMAC-SHA1 of the signature base string of `method` on `base_url` (no query) over
// `params` (oauth_* but oauth_signature, query and form parameters).
inline std::string expected_signature(const std::string& method, const std::string& base_url,
                               const std::multimap<std::string, std::string>& params, const std::string& consumer_secret,
                               const std::string& token_secret) {
    std::multiset<std::pair<std::string, std::string>> encoded;
    for (const auto& [name, value] : params) encoded.emplace(detail::rfc3986(name), detail::rfc3986(value));
    std::string normalized;
    for (const auto& [name, value] : encoded) normalized += (normalized.empty() ? "" : "&") + name + "=" + value;
    const std::string base = method + "&" + detail::rfc3986(base_url) + "&" + detail::rfc3986(normalized);
    const std::string key = detail::rfc3986(consumer_secret) + "&" + detail::rfc3986(token_secret);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(base.data()), base.size(),
         mac, &length);
    std::vector<unsigned char> out(4 * ((length + 2) / 3) + 1);
    const int written = EVP_EncodeBlock(out.data(), mac, static_cast<int>(length));
    return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(written));
}

}  // namespace agoras::sandbox::x_oauth
