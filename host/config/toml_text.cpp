#include "config/toml_text.hpp"

#include <sstream>

namespace agoras::host::config {

namespace {

// Where each line of the text starts, to turn toml++'s source positions (1-based lines, and columns
// counted in code points) into byte offsets.
class Lines {
public:
    explicit Lines(std::string_view text) : text_(text) {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') starts_.push_back(i + 1);
        }
    }

    std::size_t line_start(std::size_t line) const {
        return line >= 1 && line <= starts_.size() ? starts_[line - 1] : text_.size();
    }
    std::size_t line_end(std::size_t line) const { return line < starts_.size() ? starts_[line] : text_.size(); }

    std::size_t offset(const toml::source_position& position) const {
        std::size_t at = line_start(position.line);
        for (std::size_t column = 1; column < position.column && at < text_.size(); ++column) {
            ++at;
            while (at < text_.size() && (static_cast<unsigned char>(text_[at]) & 0xC0) == 0x80) ++at;  // continuation
        }
        return at;
    }

    // The first line whose first non-blank character opens a table header; past the last line when none does.
    std::size_t first_header_line() const {
        for (std::size_t line = 1; line <= starts_.size(); ++line) {
            const auto start = text_.find_first_not_of(" \t", line_start(line));
            if (start != std::string_view::npos && start < line_end(line) && text_[start] == '[') return line;
        }
        return starts_.size() + 1;
    }

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
};

std::string key_text(const std::string& key) {
    const bool bare = !key.empty() && key.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                            "0123456789_-") == std::string::npos;
    if (bare) return key;
    std::string quoted = "\"";
    for (const char c : key) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else if (byte < 0x20 || byte == 0x7F) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04X", byte);
            quoted += escape;
        } else {
            quoted += c;
        }
    }
    return quoted + "\"";
}

std::string dotted(const std::vector<std::string>& path, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to; ++i) out += (i == from ? "" : ".") + key_text(path[i]);
    return out;
}

std::string value_text(const toml::node& value) {
    std::ostringstream out;
    value.visit([&out](const auto& v) { out << v; });
    return out.str();
}

// Empty tables dropped: an edit may leave a header with nothing under it, which reads as nothing set.
toml::table pruned(const toml::table& table) {
    toml::table out;
    for (const auto& [key, node] : table) {
        if (const auto* inner = node.as_table()) {
            toml::table kept = pruned(*inner);
            if (!kept.empty()) out.insert(key, std::move(kept));
        } else {
            out.insert(key, node);
        }
    }
    return out;
}

// The candidate when it parses to `expected`.
std::optional<std::string> proved(std::string candidate, const toml::table& expected) {
    try {
        if (pruned(toml::parse(candidate)) == pruned(expected)) return candidate;
    } catch (const toml::parse_error&) {
    }
    return std::nullopt;
}

std::string spliced(std::string_view text, std::size_t begin, std::size_t end, std::string_view replacement) {
    return std::string(text.substr(0, begin)).append(replacement).append(text.substr(end));
}

// The file's line break: CRLF when it uses them, so that added lines match the rest.
std::string line_break_of(std::string_view text) { return text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n"; }

std::string with_final_newline(std::string_view text, const std::string& line_break) {
    std::string out(text);
    if (!out.empty() && out.back() != '\n') out += line_break;
    return out;
}

}  // namespace

std::optional<std::string> text_with_value(std::string_view text, const toml::table& parsed,
                                           const std::vector<std::string>& path, const toml::node& value,
                                           const toml::table& expected) {
    const Lines lines(text);
    const std::string rendered = value_text(value), nl = line_break_of(text);
    auto old = parsed[path.front()];
    for (std::size_t i = 1; i < path.size(); ++i) old = old[path[i]];
    if (old) {  // the old value replaced where it stands
        const auto region = old.node()->source();
        return proved(spliced(text, lines.offset(region.begin), lines.offset(region.end), rendered), expected);
    }

    // The deepest table of the key's path that exists already.
    std::size_t depth = 0;
    const toml::table* table = &parsed;
    while (depth + 1 < path.size()) {
        const auto* next = (*table)[path[depth]].as_table();
        if (next == nullptr) break;
        table = next;
        ++depth;
    }
    // A new line under that table's header: the key next to its siblings.
    if (depth > 0 && !table->is_inline()) {
        const auto after_header = lines.line_end(table->source().begin.line);
        const std::string line = dotted(path, depth, path.size()) + " = " + rendered + nl;
        if (auto edited = proved(spliced(with_final_newline(text, nl), after_header, after_header, line), expected)) return edited;
    }
    // A new table at the end.
    std::string tail = with_final_newline(text, nl);
    if (!tail.empty()) tail += nl;
    tail += "[" + dotted(path, 0, path.size() - 1) + "]" + nl + key_text(path.back()) + " = " + rendered + nl;
    if (auto edited = proved(tail, expected)) return edited;
    // A dotted key in the root table (where the file's tables are made with dotted keys), before any header.
    const std::string padded = with_final_newline(text, nl);
    const auto before_headers = Lines(padded).line_start(Lines(padded).first_header_line());
    return proved(spliced(padded, before_headers, before_headers, dotted(path, 0, path.size()) + " = " + rendered + nl),
                  expected);
}

std::optional<std::string> text_without_key(std::string_view text, const toml::table& parsed,
                                            const std::vector<std::string>& path, const toml::table& expected) {
    const toml::table* table = &parsed;
    for (std::size_t i = 0; i + 1 < path.size() && table != nullptr; ++i) table = (*table)[path[i]].as_table();
    if (table == nullptr) return std::nullopt;
    const auto entry = table->find(path.back());
    if (entry == table->end()) return std::nullopt;
    // The key's whole lines go, from the line its name is on to the line its value ends on.
    const Lines lines(text);
    const auto begin = lines.line_start(entry->first.source().begin.line);
    const auto end = lines.line_end(entry->second.source().end.line);
    return proved(spliced(text, begin, end, ""), expected);
}

}  // namespace agoras::host::config
