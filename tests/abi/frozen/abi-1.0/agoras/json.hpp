// A small JSON reader for plugins (answers of web APIs, vault records) and the host. Header-only and
// standard-library-only, so that using it costs a plugin no extra shared library at load time.
// Numbers keep their literal text, so 64-bit ids never lose precision.
#ifndef AGORAS_JSON_HPP
#define AGORAS_JSON_HPP

#include <agoras/json_object.hpp>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace agoras {

class Json {
public:
    enum class Kind { null, boolean, number, string, array, object };

    // Throws std::invalid_argument naming the offset of the first syntax error.
    static Json parse(const std::string& text) {
        Parser parser{text, 0};
        Json value = parser.value(0);
        parser.space();
        if (parser.pos != text.size()) parser.fail("unexpected text after the value");
        return value;
    }

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::null; }
    bool is_boolean() const { return kind_ == Kind::boolean; }
    bool is_number() const { return kind_ == Kind::number; }
    bool is_string() const { return kind_ == Kind::string; }
    bool is_array() const { return kind_ == Kind::array; }
    bool is_object() const { return kind_ == Kind::object; }

    bool has(const std::string& key) const { return find(key) != nullptr; }
    // A missing member or index reads as null, so lookups can be chained.
    const Json& operator[](const std::string& key) const {
        const Json* found = find(key);
        return found != nullptr ? *found : null_value();
    }
    const Json& operator[](std::size_t index) const { return index < items_.size() ? items_[index] : null_value(); }
    std::size_t size() const { return kind_ == Kind::object ? members_.size() : items_.size(); }
    const std::vector<Json>& items() const { return items_; }
    const std::vector<std::pair<std::string, Json>>& members() const { return members_; }

    // Strings as they are and numbers as their literal; "" for anything else.
    std::string text() const { return kind_ == Kind::string || kind_ == Kind::number ? scalar_ : std::string(); }
    // Numbers and numeric strings as a 64-bit integer (the fraction dropped); `fallback` otherwise.
    std::int64_t integer(std::int64_t fallback = 0) const {
        if (kind_ != Kind::number && kind_ != Kind::string) return fallback;
        char* end = nullptr;
        const long long value = std::strtoll(scalar_.c_str(), &end, 10);
        return end != scalar_.c_str() ? static_cast<std::int64_t>(value) : fallback;
    }
    bool boolean() const { return kind_ == Kind::boolean && scalar_ == "true"; }

    // Compact JSON text.
    std::string serialize() const {
        switch (kind_) {
        case Kind::null: return "null";
        case Kind::boolean:
        case Kind::number: return scalar_;
        case Kind::string: return json_quote(scalar_);
        case Kind::array: {
            std::string out = "[";
            for (std::size_t i = 0; i < items_.size(); ++i) out += (i > 0 ? "," : "") + items_[i].serialize();
            return out + "]";
        }
        case Kind::object: {
            std::string out = "{";
            for (std::size_t i = 0; i < members_.size(); ++i) {
                out += (i > 0 ? "," : "") + json_quote(members_[i].first) + ":" + members_[i].second.serialize();
            }
            return out + "}";
        }
        }
        return "null";
    }

private:
    static const Json& null_value() {
        static const Json null;
        return null;
    }
    const Json* find(const std::string& key) const {
        for (const auto& member : members_) {
            if (member.first == key) return &member.second;
        }
        return nullptr;
    }

    struct Parser {
        const std::string& text;
        std::size_t pos;

        [[noreturn]] void fail(const std::string& what) const {
            throw std::invalid_argument("invalid JSON at offset " + std::to_string(pos) + ": " + what);
        }
        void space() {
            while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
        }
        bool literal(const char* word) {
            const std::string w(word);
            if (text.compare(pos, w.size(), w) != 0) return false;
            pos += w.size();
            return true;
        }
        Json value(int depth) {
            if (depth > 64) fail("nested too deeply");
            space();
            if (pos >= text.size()) fail("unexpected end");
            Json v;
            const char c = text[pos];
            if (c == '{') {
                v.kind_ = Kind::object;
                ++pos;
                space();
                if (pos < text.size() && text[pos] == '}') {
                    ++pos;
                    return v;
                }
                for (;;) {
                    space();
                    if (pos >= text.size() || text[pos] != '"') fail("expected a member name");
                    std::string key = string();
                    space();
                    if (pos >= text.size() || text[pos] != ':') fail("expected ':'");
                    ++pos;
                    v.members_.emplace_back(std::move(key), value(depth + 1));
                    space();
                    if (pos < text.size() && text[pos] == ',') {
                        ++pos;
                        continue;
                    }
                    if (pos >= text.size() || text[pos] != '}') fail("expected ',' or '}'");
                    ++pos;
                    return v;
                }
            }
            if (c == '[') {
                v.kind_ = Kind::array;
                ++pos;
                space();
                if (pos < text.size() && text[pos] == ']') {
                    ++pos;
                    return v;
                }
                for (;;) {
                    v.items_.push_back(value(depth + 1));
                    space();
                    if (pos < text.size() && text[pos] == ',') {
                        ++pos;
                        continue;
                    }
                    if (pos >= text.size() || text[pos] != ']') fail("expected ',' or ']'");
                    ++pos;
                    return v;
                }
            }
            if (c == '"') {
                v.kind_ = Kind::string;
                v.scalar_ = string();
                return v;
            }
            for (const char* word : {"true", "false"}) {
                if (literal(word)) {
                    v.kind_ = Kind::boolean;
                    v.scalar_ = word;
                    return v;
                }
            }
            if (literal("null")) return v;
            const std::size_t start = pos;
            if (pos < text.size() && text[pos] == '-') ++pos;
            while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.' ||
                                         text[pos] == 'e' || text[pos] == 'E' || text[pos] == '+' || text[pos] == '-')) {
                ++pos;
            }
            if (pos == start || !std::isdigit(static_cast<unsigned char>(text[pos - 1]))) fail("unexpected character");
            v.kind_ = Kind::number;
            v.scalar_ = text.substr(start, pos - start);
            return v;
        }
        unsigned hex4() {
            if (pos + 4 > text.size()) fail("truncated \\u escape");
            unsigned value = 0;
            for (int i = 0; i < 4; ++i) {
                const char c = text[pos++];
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
            ++pos;  // the opening quote
            std::string out;
            for (;;) {
                if (pos >= text.size()) fail("unterminated string");
                const char c = text[pos++];
                if (c == '"') return out;
                if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
                if (c != '\\') {
                    out += c;
                    continue;
                }
                if (pos >= text.size()) fail("unterminated escape");
                switch (const char e = text[pos++]) {
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
                    if (cp >= 0xD800 && cp < 0xDC00 && text.compare(pos, 2, "\\u") == 0) {
                        pos += 2;
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    append_utf8(out, cp);
                    break;
                }
                default: (void)e; fail("unknown escape");
                }
            }
        }
    };

    Kind kind_ = Kind::null;
    std::string scalar_;
    std::vector<Json> items_;
    std::vector<std::pair<std::string, Json>> members_;
};

}  // namespace agoras

#endif
