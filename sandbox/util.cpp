#include "util.hpp"

#include <graphemes.hpp>

#include <algorithm>
#include <random>

namespace agoras::sandbox {

std::string param(const Request& r, const std::string& name) {
    const auto it = r.params.find(name);
    return it == r.params.end() ? "" : it->second;
}

std::string header(const Request& r, const std::string& name) {
    for (const auto& [key, value] : r.headers) {
        if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            })) {
            return value;
        }
    }
    return "";
}

std::string text_field(const web::json::value& v, const char* name) {
    return v.is_object() && v.has_field(name) && v.at(name).is_string() ? v.at(name).as_string() : "";
}

std::optional<web::json::value> json_object_body(const Request& r) {
    try {
        web::json::value body = web::json::value::parse(r.body);
        if (body.is_object()) return body;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

bool for_localhost(const Request& r) {
    const std::string host = header(r, "Host");
    return host == "localhost" || host.rfind("localhost:", 0) == 0;
}

std::string localhost_origin(const Request& r) {
    const std::string host = header(r, "Host");
    const auto colon = host.rfind(':');
    return "http://localhost" + (colon == std::string::npos || host.back() == ']' ? "" : host.substr(colon));
}

std::string random_text(std::size_t n, bool lower) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    static const char mixed[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static const char lowered[] = "abcdefghijklmnopqrstuvwxyz234567";
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(lower ? lowered[random() % 32] : mixed[random() % 62]);
    return out;
}

std::string sniff(const std::string& bytes) {
    if (bytes.rfind("\xFF\xD8\xFF", 0) == 0) return "image/jpeg";
    if (bytes.rfind("\x89PNG\r\n\x1A\n", 0) == 0) return "image/png";
    if (bytes.rfind("GIF8", 0) == 0) return "image/gif";
    if (bytes.compare(0, 4, "RIFF") == 0 && bytes.compare(8, 4, "WEBP") == 0) return "image/webp";
    if (bytes.size() > 8 && bytes.compare(4, 4, "ftyp") == 0) return "video/mp4";
    return "application/octet-stream";
}

long graphemes(const std::string& text) {
    const auto count = text::grapheme_count(text);
    return count ? static_cast<long>(*count) : -1;
}

std::size_t code_points(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

std::size_t utf16_units(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) == 0x80 ? 0 : c >= 0xF0 ? 2 : 1;
    return n;
}

}  // namespace agoras::sandbox
