#include "vault/fields.hpp"

#include <agoras/json_object.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace agoras::host::vault {
namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Fields object() {
        Fields fields;
        expect('{');
        skip_space();
        if (peek() == '}') {
            ++pos_;
        } else {
            for (;;) {
                skip_space();
                std::string key = string();
                expect(':');
                skip_space();
                FieldValue value;
                if (peek() == '"') {
                    value.text = string();
                } else {
                    value.is_string = false;
                    value.text = raw_value();
                }
                set_field(fields, key, std::move(value));
                skip_space();
                if (peek() == ',') {
                    ++pos_;
                    continue;
                }
                expect('}');
                break;
            }
        }
        skip_space();
        if (pos_ != text_.size()) fail("unexpected text after the object");
        return fields;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw std::invalid_argument("invalid JSON at offset " + std::to_string(pos_) + ": " + what);
    }
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++pos_;
    }

    unsigned hex4() {
        if (pos_ + 4 > text_.size()) fail("truncated \\u escape");
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_++];
            value <<= 4;
            if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
            else fail("bad \\u escape");
        }
        return value;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::string string() {
        expect('"');
        std::string out;
        for (;;) {
            if (pos_ >= text_.size()) fail("unterminated string");
            const char c = text_[pos_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) fail("unterminated escape");
            const char e = text_[pos_++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
                    pos_ += 2;
                    const unsigned low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(out, cp);
                break;
            }
            default: fail("unknown escape");
            }
        }
    }

    // A number, literal, array or nested object, returned as its verbatim JSON text.
    std::string raw_value() {
        const std::size_t start = pos_;
        int depth = 0;
        bool in_string = false;
        for (; pos_ < text_.size(); ++pos_) {
            const char c = text_[pos_];
            if (in_string) {
                if (c == '\\') ++pos_;
                else if (c == '"') in_string = false;
                continue;
            }
            if (c == '"') in_string = true;
            else if (c == '{' || c == '[') ++depth;
            else if (c == '}' || c == ']') {
                if (depth == 0) break;
                --depth;
            } else if (c == ',' && depth == 0) break;
        }
        std::string raw(text_.substr(start, pos_ - start));
        while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.pop_back();
        if (raw.empty() || depth != 0 || in_string) fail("bad value");
        const char first = raw.front();
        const bool plausible = first == '{' || first == '[' || first == '-' || (first >= '0' && first <= '9') ||
                               raw == "true" || raw == "false" || raw == "null";
        if (!plausible) fail("bad value '" + raw + "'");
        return raw;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::string json_value(const FieldValue& value) { return value.is_string ? json_quote(value.text) : value.text; }

}  // namespace

const FieldValue* find_field(const Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) return &value;
    }
    return nullptr;
}

void set_field(Fields& fields, const std::string& name, FieldValue value) {
    for (auto& [key, existing] : fields) {
        if (key == name) {
            existing = std::move(value);
            return;
        }
    }
    fields.emplace_back(name, std::move(value));
}

std::string to_json(const Fields& fields) {
    JsonObject object;
    for (const auto& [key, value] : fields) object.add_raw(key, json_value(value));
    return object.str();
}

std::string to_pretty_json(const Fields& fields, int indent, int level) {
    if (fields.empty()) return "{}";
    const std::string inner(static_cast<std::size_t>(indent * (level + 1)), ' ');
    const std::string outer(static_cast<std::size_t>(indent * level), ' ');
    std::string out = "{\n";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        out += inner + json_quote(fields[i].first) + ": " + json_value(fields[i].second);
        out += i + 1 < fields.size() ? ",\n" : "\n";
    }
    return out + outer + "}";
}

Fields from_json(std::string_view json) { return Parser(json).object(); }

bool is_secret_field(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("token") != std::string::npos || lower.find("secret") != std::string::npos ||
           lower.find("key") != std::string::npos;
}

}  // namespace agoras::host::vault
