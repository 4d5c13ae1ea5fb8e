#include "log/redactor.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <vector>

namespace agoras::host::log {
namespace {

std::mutex secrets_mutex;

std::vector<std::string>& secrets() {
    static std::vector<std::string> values;
    return values;
}

std::string hex_escape(unsigned char c) {
    char text[8];
    std::snprintf(text, sizeof text, "\\x%02x", c);
    return text;
}

}  // namespace

void add_secret(std::string_view value) {
    if (value.size() < kMinRedactedLength) return;
    std::lock_guard<std::mutex> lock(secrets_mutex);
    auto& values = secrets();
    if (std::find(values.begin(), values.end(), value) != values.end()) return;
    values.emplace_back(value);
    // Longest first, so that a secret containing another one is blanked out whole.
    std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string redact(std::string_view text) {
    std::string out(text);
    std::lock_guard<std::mutex> lock(secrets_mutex);
    for (const auto& secret : secrets()) {
        for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + kRedacted.size())) {
            out.replace(pos, secret.size(), kRedacted);
        }
    }
    return out;
}

namespace {

// The escape of the bidirectional control `text` starts with (U+200E/F, U+202A-E, U+2066-9, all
// three bytes long in UTF-8), or nullptr.
const char* bidi_control(std::string_view text) {
    static const std::pair<const char*, const char*> controls[] = {
        {"\xE2\x80\x8E", "\\u200e"}, {"\xE2\x80\x8F", "\\u200f"}, {"\xE2\x80\xAA", "\\u202a"},
        {"\xE2\x80\xAB", "\\u202b"}, {"\xE2\x80\xAC", "\\u202c"}, {"\xE2\x80\xAD", "\\u202d"},
        {"\xE2\x80\xAE", "\\u202e"}, {"\xE2\x81\xA6", "\\u2066"}, {"\xE2\x81\xA7", "\\u2067"},
        {"\xE2\x81\xA8", "\\u2068"}, {"\xE2\x81\xA9", "\\u2069"}};
    for (const auto& [bytes, escape] : controls) {
        if (text.substr(0, 3) == bytes) return escape;
    }
    return nullptr;
}

}  // namespace

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n' || c == '\t') {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += hex_escape(c);
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            out += hex_escape(static_cast<unsigned char>(text[++i]));  // U+0080..U+009F, the C1 controls
        } else if (const char* bidi = bidi_control(text.substr(i)); bidi != nullptr) {
            out += bidi;  // shown, never obeyed: a server's text cannot reorder what the terminal shows
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace agoras::host::log
