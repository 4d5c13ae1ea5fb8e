#include "weighted_length.hpp"

#include <agoras/sdk/error.hpp>

#include <libpsl.h>
#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace agoras::x {
namespace {

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
    if (text.size() - at < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[at + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// Whether `label` is a top-level domain, by the Public Suffix List (libpsl's built-in copy).
bool is_tld(std::string label) {
    for (char& c : label) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    // Without the implicit "*" rule, under which any unknown word would be a TLD.
    return psl_is_public_suffix2(psl_builtin(), label.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

// The end of a domain of ASCII labels starting at `at` (labels of letters, digits and inner hyphens),
// and where its last label starts; `dots` counts the dots seen.
std::size_t domain_end(std::string_view text, std::size_t at, std::size_t& last_label, int& dots) {
    std::size_t i = at;
    last_label = at;
    dots = 0;
    while (i < text.size()) {
        const std::size_t label = i;
        while (i < text.size() && (ascii_alnum(text[i]) || text[i] == '-')) ++i;
        if (i == label || text[label] == '-' || text[i - 1] == '-') return label > at ? label - 1 : at;
        last_label = label;
        if (i + 1 < text.size() && text[i] == '.' && ascii_alnum(text[i + 1])) {
            ++dots;
            ++i;
            continue;
        }
        break;
    }
    return i;
}

// Where a URL's path, query or fragment ends: at white space, and without trailing punctuation
// (a sentence's full stop, a closing parenthesis that was not opened in the URL).
std::size_t path_end(std::string_view text, std::size_t at) {
    std::size_t end = at;
    int open = 0;
    while (end < text.size() && static_cast<unsigned char>(text[end]) > ' ' && text[end] != '"' && text[end] != '<' &&
           text[end] != '>') {
        if (text[end] == '(') ++open;
        if (text[end] == ')' && --open < 0) break;
        ++end;
    }
    while (end > at && std::string_view(".,;:!?'*").find(text[end - 1]) != std::string_view::npos) --end;
    return end;
}

}  // namespace

std::vector<UrlSpan> find_urls(std::string_view text) {
    std::vector<UrlSpan> urls;
    for (std::size_t i = 0; i < text.size();) {
        // A URL starts a word (not inside an e-mail address, a mention or another word).
        const bool word_start = i == 0 || !(ascii_alnum(text[i - 1]) || text[i - 1] == '@' || text[i - 1] == '.' ||
                                            text[i - 1] == '-' || text[i - 1] == '_' || text[i - 1] == '/');
        if (!word_start || !ascii_alnum(text[i])) {
            ++i;
            continue;
        }
        std::size_t host = i;
        const bool scheme = starts_with_ci(text, i, "https://") || starts_with_ci(text, i, "http://");
        if (scheme) host = text.find("://", i) + 3;
        std::size_t last_label = 0;
        int dots = 0;
        std::size_t end = domain_end(text, host, last_label, dots);
        const bool tld = dots > 0 && is_tld(std::string(text.substr(last_label, end - last_label)));
        // Without a scheme, a two-letter country domain is a link only with a path ("t.co/x", not
        // "readme.md"), as X's extractor has it.
        const bool has_path = end < text.size() && text[end] == '/';
        const bool url = (scheme && end > host && (tld || dots > 0)) ||
                         (!scheme && tld && (end - last_label > 2 || has_path) && (end >= text.size() || text[end] != '@'));
        if (!url) {
            i = std::max(end, i + 1);
            continue;
        }
        if (end < text.size() && text[end] == ':') {  // a port
            std::size_t digits = end + 1;
            while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
            if (digits > end + 1) end = digits;
        }
        if (end < text.size() && (text[end] == '/' || text[end] == '?' || text[end] == '#')) end = path_end(text, end);
        urls.push_back({i, end});
        i = end;
    }
    return urls;
}

std::size_t weighted_length(std::string_view utf8) {
    utf8proc_uint8_t* normalized = nullptr;
    const utf8proc_ssize_t size = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                               static_cast<utf8proc_ssize_t>(utf8.size()), &normalized,
                                               static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (size < 0) throw sdk::Error(AGORAS_ERR_USAGE, "the text is not valid UTF-8");
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(normalized, &std::free);
    const std::string_view text(reinterpret_cast<const char*>(normalized), static_cast<std::size_t>(size));

    std::size_t units = 0;  // in hundredths, as twitter-text's scale of 100
    const auto weight = [](utf8proc_int32_t c) -> std::size_t {
        const bool light = (c >= 0 && c <= 0x10FF) || (c >= 0x2000 && c <= 0x200D) || (c >= 0x2010 && c <= 0x201F) ||
                           (c >= 0x2032 && c <= 0x2037);
        return light ? 100 : 200;
    };
    const std::vector<UrlSpan> urls = find_urls(text);
    std::size_t next_url = 0, i = 0;
    utf8proc_int32_t grapheme_state = 0;
    while (i < text.size()) {
        if (next_url < urls.size() && urls[next_url].begin == i) {
            units += kUrlWeight * 100;
            i = urls[next_url++].end;
            continue;
        }
        // One grapheme cluster: an emoji sequence counts as one emoji, anything else code point by code point.
        std::size_t cluster_units = 0, code_points = 0, at = i;
        utf8proc_int32_t first = -1, previous = -1;
        while (at < text.size()) {
            utf8proc_int32_t c = 0;
            const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                            static_cast<utf8proc_ssize_t>(text.size() - at), &c);
            if (n <= 0) throw sdk::Error(AGORAS_ERR_USAGE, "the text is not valid UTF-8");
            if (previous >= 0 && utf8proc_grapheme_break_stateful(previous, c, &grapheme_state)) break;
            if (next_url < urls.size() && urls[next_url].begin == at && previous >= 0) break;
            if (first < 0) first = c;
            previous = c;
            cluster_units += weight(c);
            ++code_points;
            at += static_cast<std::size_t>(n);
        }
        grapheme_state = 0;
        const int boundclass = utf8proc_get_property(first)->boundclass;
        const bool emoji_sequence = code_points > 1 && (boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC ||
                                                        boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR ||
                                                        text.substr(i, at - i).find("\xE2\x83\xA3") != std::string_view::npos);
        units += emoji_sequence ? 200 : cluster_units;
        i = at;
    }
    return (units + 99) / 100;
}

}  // namespace agoras::x
