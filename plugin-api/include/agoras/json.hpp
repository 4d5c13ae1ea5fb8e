// JSON for plugins and the host: a reader (answers of web APIs, vault records) and a builder (results,
// request bodies, records). Header-only and standard-library-only, so that using it costs a plugin no
// extra shared library at load time (why not a JSON library: docs/plugin-authoring.md).
//
// On hostile input: nesting deeper than 64 levels is refused (no stack overflow), numbers keep their
// literal text (64-bit ids and huge numbers never overflow or lose precision), strings must be
// valid JSON strings; a lone UTF-16 surrogate becomes U+FFFD, so every string read is valid UTF-8.
#ifndef AGORAS_JSON_HPP
#define AGORAS_JSON_HPP

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

class Json {
public:
    enum class Kind { null, boolean, number, string, array, object };

    // ---- Building ----
    Json() = default;
    Json(std::nullptr_t) {}
    Json(const char* text) : kind_(Kind::string), scalar_(text != nullptr ? text : "") {}
    Json(std::string text) : kind_(Kind::string), scalar_(std::move(text)) {}
    Json(std::string_view text) : kind_(Kind::string), scalar_(text) {}
    Json(bool value) : kind_(Kind::boolean), scalar_(value ? "true" : "false") {}
    Json(int value) : kind_(Kind::number), scalar_(std::to_string(value)) {}
    Json(long value) : kind_(Kind::number), scalar_(std::to_string(value)) {}
    Json(long long value) : kind_(Kind::number), scalar_(std::to_string(value)) {}
    Json(unsigned long value) : kind_(Kind::number), scalar_(std::to_string(value)) {}
    Json(unsigned long long value) : kind_(Kind::number), scalar_(std::to_string(value)) {}
    Json(unsigned value) : kind_(Kind::number), scalar_(std::to_string(value)) {}
    static Json object() {
        Json v;
        v.kind_ = Kind::object;
        return v;
    }
    static Json array() {
        Json v;
        v.kind_ = Kind::array;
        return v;
    }
    template <typename Items>
    static Json array_of(const Items& items) {
        Json v = array();
        for (const auto& item : items) v.push(Json(item));
        return v;
    }
    // A number from its literal text ("17841405793187218", "1.5"); throws std::invalid_argument if it is not one.
    static Json number_literal(const std::string& text) {
        Json v = parse(text);
        if (!v.is_number()) throw std::invalid_argument("not a JSON number: " + text);
        return v;
    }
    // Sets (or replaces) a member; the value becomes an object first if it was null.
    Json& set(const std::string& key, Json value) {
        if (kind_ == Kind::null) kind_ = Kind::object;
        if (kind_ != Kind::object) throw std::logic_error("Json::set on a value that is not an object");
        for (auto& member : members_) {
            if (member.first == key) {
                member.second = std::move(value);
                return *this;
            }
        }
        members_.emplace_back(key, std::move(value));
        return *this;
    }
    // Appends an item; the value becomes an array first if it was null.
    Json& push(Json value) {
        if (kind_ == Kind::null) kind_ = Kind::array;
        if (kind_ != Kind::array) throw std::logic_error("Json::push on a value that is not an array");
        items_.push_back(std::move(value));
        return *this;
    }
    Json& remove(const std::string& key) {
        for (auto it = members_.begin(); it != members_.end(); ++it) {
            if (it->first == key) {
                members_.erase(it);
                break;
            }
        }
        return *this;
    }

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
    // A missing member or index reads as null, so lookups can be chained. On a temporary (a parse's
    // result, say) they return values, so that `for (auto& x : Json::parse(t)["list"].items())`
    // iterates over something that lives as long as the loop.
    const Json& operator[](const std::string& key) const& {
        const Json* found = find(key);
        return found != nullptr ? *found : null_value();
    }
    Json operator[](const std::string& key) && { return static_cast<const Json&>(*this)[key]; }
    const Json& operator[](std::size_t index) const& { return index < items_.size() ? items_[index] : null_value(); }
    Json operator[](std::size_t index) && { return static_cast<const Json&>(*this)[index]; }
    std::size_t size() const { return kind_ == Kind::object ? members_.size() : items_.size(); }
    const std::vector<Json>& items() const& { return items_; }
    std::vector<Json> items() && { return std::move(items_); }
    const std::vector<std::pair<std::string, Json>>& members() const& { return members_; }
    std::vector<std::pair<std::string, Json>> members() && { return std::move(members_); }

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

    // Indented JSON text, members in their order, for people to read.
    std::string pretty(int indent = 2) const {
        std::string out;
        write_pretty(out, indent, 0);
        return out;
    }

private:
    void write_pretty(std::string& out, int indent, int depth) const {
        const std::string inner(static_cast<std::size_t>(indent * (depth + 1)), ' ');
        const std::string outer(static_cast<std::size_t>(indent * depth), ' ');
        if (kind_ == Kind::array && !items_.empty()) {
            out += "[\n";
            for (std::size_t i = 0; i < items_.size(); ++i) {
                out += inner;
                items_[i].write_pretty(out, indent, depth + 1);
                out += i + 1 < items_.size() ? ",\n" : "\n";
            }
            out += outer + "]";
        } else if (kind_ == Kind::object && !members_.empty()) {
            out += "{\n";
            for (std::size_t i = 0; i < members_.size(); ++i) {
                out += inner + json_quote(members_[i].first) + ": ";
                members_[i].second.write_pretty(out, indent, depth + 1);
                out += i + 1 < members_.size() ? ",\n" : "\n";
            }
            out += outer + "}";
        } else {
            out += serialize();
        }
    }

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
            // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, exactly as RFC 8259 has it.
            const std::size_t start = pos;
            const auto digits = [&] {
                const std::size_t from = pos;
                while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
                return pos - from;
            };
            if (pos < text.size() && text[pos] == '-') ++pos;
            const std::size_t int_start = pos;
            const std::size_t int_digits = digits();
            if (int_digits == 0) fail("unexpected character");
            if (int_digits > 1 && text[int_start] == '0') fail("a number with a leading zero");
            if (pos < text.size() && text[pos] == '.') {
                ++pos;
                if (digits() == 0) fail("a number without digits after '.'");
            }
            if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
                ++pos;
                if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
                if (digits() == 0) fail("a number without digits in its exponent");
            }
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
            // At most as long as the text up to the next quote when nothing is escaped: one allocation for a
            // long value (a large answer's), not a doubling that holds it one and a half times.
            const std::size_t quote = text.find('"', pos);
            if (quote != std::string::npos && quote - pos > 256) out.reserve(quote - pos);
            for (;;) {
                // A run of plain characters, copied at once.
                std::size_t plain = pos;
                while (plain < text.size() && text[plain] != '"' && text[plain] != '\\' &&
                       static_cast<unsigned char>(text[plain]) >= 0x20) {
                    ++plain;
                }
                out.append(text, pos, plain - pos);
                pos = plain;
                if (pos >= text.size()) fail("unterminated string");
                const char c = text[pos++];
                if (c == '"') return out;
                if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
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
                        const std::size_t before = pos;
                        pos += 2;
                        const unsigned low = hex4();
                        if (low >= 0xDC00 && low <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else {
                            pos = before;  // not a pair: the second escape is read on its own
                        }
                    }
                    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate is not text
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
