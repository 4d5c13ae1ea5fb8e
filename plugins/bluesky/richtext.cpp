#include "richtext.hpp"

#include <agoras/sdk/error.hpp>

#include <text.hpp>
#include <utf8proc.h>

namespace agoras::bluesky {
namespace {

struct CodePoint {
    utf8proc_int32_t value;
    std::size_t at;      // byte offset
    std::size_t length;  // bytes
};

std::vector<CodePoint> decode(std::string_view utf8) {
    std::vector<CodePoint> out;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    for (std::size_t at = 0; at < utf8.size();) {
        utf8proc_int32_t value = 0;
        const auto n = utf8proc_iterate(bytes + at, static_cast<utf8proc_ssize_t>(utf8.size() - at), &value);
        if (n <= 0) throw sdk::Error(AGORAS_ERR_USAGE, "the text is not valid UTF-8");
        out.push_back({value, at, static_cast<std::size_t>(n)});
        at += static_cast<std::size_t>(n);
    }
    return out;
}

// Graphemes of the code points [from, to).
std::size_t graphemes_of(std::string_view utf8, const std::vector<CodePoint>& points, std::size_t from, std::size_t to) {
    if (from >= to) return 0;
    const std::size_t end = to < points.size() ? points[to].at : utf8.size();
    return text::count_graphemes(utf8.substr(points[from].at, end - points[from].at));
}

bool is_space(utf8proc_int32_t c) {
    const auto category = utf8proc_category(c);
    return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || category == UTF8PROC_CATEGORY_ZS ||
           category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
}

bool is_punctuation(utf8proc_int32_t c) {
    const auto category = utf8proc_category(c);
    return category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO;
}

// Invisible characters that end a tag, as the Bluesky app's tag rule has it.
bool ends_tag(utf8proc_int32_t c) {
    return is_space(c) || c == 0x00AD || c == 0x2060 || c == 0x200A || c == 0x200B || c == 0x200C || c == 0x200D ||
           c == 0x20E2;
}

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// A handle is a domain name: two or more labels of letters, digits and inner hyphens, the last one
// starting with a letter.
bool is_handle(std::string_view h) {
    if (h.size() < 3 || h.size() > 253) return false;
    std::size_t labels = 0, start = 0;
    while (start <= h.size()) {
        const auto dot = std::min(h.find('.', start), h.size());
        const auto label = h.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label) {
            if (!ascii_alnum(c) && c != '-') return false;
        }
        ++labels;
        if (dot == h.size()) return labels >= 2 && !(label.front() >= '0' && label.front() <= '9');
        start = dot + 1;
    }
    return false;
}

// Where a mention, link or tag may start: the text's start, after a space or an opening parenthesis.
bool starts_word(const std::vector<CodePoint>& points, std::size_t i, bool allow_parenthesis) {
    if (i == 0) return true;
    const auto before = points[i - 1].value;
    return is_space(before) || (allow_parenthesis && before == '(');
}

bool trailing_url_punctuation(char c) { return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' || c == '"'; }

}  // namespace

void check_post_text(const std::string& text, const std::string& what) {
    const std::size_t graphemes = text::count_graphemes(text);
    if (graphemes > kMaxTextGraphemes) {
        throw sdk::Error(AGORAS_ERR_USAGE, "Bluesky: " + what + " is " + std::to_string(graphemes) +
                                               " characters (grapheme clusters) long; Bluesky allows " +
                                               std::to_string(kMaxTextGraphemes));
    }
    if (text.size() > kMaxTextBytes) {
        throw sdk::Error(AGORAS_ERR_USAGE, "Bluesky: " + what + " is " + std::to_string(text.size()) +
                                               " bytes of UTF-8; Bluesky allows " + std::to_string(kMaxTextBytes));
    }
}

std::vector<FacetCandidate> find_facets(std::string_view utf8) {
    const auto points = decode(utf8);
    std::vector<FacetCandidate> found;
    const auto byte_at = [&](std::size_t i) { return i < points.size() ? points[i].at : utf8.size(); };
    for (std::size_t i = 0; i < points.size();) {
        const auto c = points[i].value;
        // A link: http(s):// up to the next space, without the sentence's closing punctuation.
        const std::string_view rest = utf8.substr(points[i].at);
        if ((c == 'h' || c == 'H') && starts_word(points, i, true) &&
            (rest.rfind("https://", 0) == 0 || rest.rfind("http://", 0) == 0)) {
            std::size_t end = i;
            while (end < points.size() && !is_space(points[end].value)) ++end;
            std::string url(utf8.substr(points[i].at, byte_at(end) - points[i].at));
            while (!url.empty() && (trailing_url_punctuation(url.back()) ||
                                    (url.back() == ')' && url.find('(') == std::string::npos))) {
                url.pop_back();
            }
            if (url.size() > rest.find("://") + 3) {
                found.push_back({FacetCandidate::Kind::link, points[i].at, points[i].at + url.size(), url});
            }
            i = end;
            continue;
        }
        // A mention: @ and a handle, a trailing full stop left out.
        if (c == '@' && starts_word(points, i, true)) {
            std::size_t end = i + 1;
            while (end < points.size() && points[end].value < 0x80 &&
                   (ascii_alnum(static_cast<char>(points[end].value)) || points[end].value == '.' ||
                    points[end].value == '-')) {
                ++end;
            }
            std::string handle(utf8.substr(points[i].at + 1, byte_at(end) - points[i].at - 1));
            while (!handle.empty() && handle.back() == '.') handle.pop_back();
            if (is_handle(handle)) {
                found.push_back({FacetCandidate::Kind::mention, points[i].at, points[i].at + 1 + handle.size(), handle});
            }
            i = end;
            continue;
        }
        // A tag: # (or the full-width ＃) and a run of visible characters, trailing punctuation left
        // out; not digits and punctuation alone; at most 64 graphemes.
        if ((c == '#' || c == 0xFF03) && starts_word(points, i, false)) {
            std::size_t end = i + 1;
            while (end < points.size() && !ends_tag(points[end].value)) ++end;
            std::size_t last = end;
            while (last > i + 1 && is_punctuation(points[last - 1].value)) --last;
            bool meaningful = false;
            for (std::size_t k = i + 1; k < last; ++k) {
                const auto v = points[k].value;
                meaningful = meaningful || (!is_punctuation(v) && !(v >= '0' && v <= '9'));
            }
            if (meaningful && points[i + 1].value != 0xFE0F && graphemes_of(utf8, points, i + 1, last) <= kMaxTagGraphemes) {
                const std::size_t start = points[i + 1].at;
                found.push_back({FacetCandidate::Kind::tag, points[i].at, byte_at(last),
                                 std::string(utf8.substr(start, byte_at(last) - start))});
            }
            i = end;
            continue;
        }
        ++i;
    }
    return found;
}

}  // namespace agoras::bluesky
