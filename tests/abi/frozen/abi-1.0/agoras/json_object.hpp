// A minimal builder for one-line JSON objects: results on stdout are always one object per line.
// Header-only and standard-library-only so that plugins and the host can both use it.
#ifndef AGORAS_JSON_OBJECT_HPP
#define AGORAS_JSON_OBJECT_HPP

#include <cstdint>
#include <string>
#include <string_view>

namespace agoras {

// Escapes a UTF-8 string as a JSON string literal, quotes included.
inline std::string json_quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (unsigned char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

class JsonObject {
public:
    JsonObject& add(std::string_view key, std::string_view value) { return add_raw(key, json_quote(value)); }
    JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    JsonObject& add(std::string_view key, const std::string& value) { return add(key, std::string_view(value)); }
    JsonObject& add(std::string_view key, std::int64_t value) { return add_raw(key, std::to_string(value)); }
    JsonObject& add(std::string_view key, int value) { return add_raw(key, std::to_string(value)); }
    JsonObject& add(std::string_view key, bool value) { return add_raw(key, value ? "true" : "false"); }
    // `json` must already be valid JSON (an array or nested object built elsewhere).
    JsonObject& add_raw(std::string_view key, std::string_view json) {
        body_ += body_.empty() ? "" : ",";
        body_ += json_quote(key);
        body_ += ':';
        body_ += json;
        return *this;
    }
    std::string str() const { return "{" + body_ + "}"; }

private:
    std::string body_;
};

}  // namespace agoras

#endif
