// Language tags as BCP 47 (RFC 5646) writes them: en, pt-BR, zh-Hant-TW, sr-Latn, es-419, de-CH-1996,
// x-private. Checked before anything is sent, since a platform rejects the whole post over a tag it cannot
// read (Bluesky's `langs`) or silently drops it (Mastodon). Header-only, for any plugin that takes a language.
#ifndef AGORAS_SDK_LANGUAGE_TAG_HPP
#define AGORAS_SDK_LANGUAGE_TAG_HPP

#include <agoras/sdk/error.hpp>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace agoras::sdk {
namespace detail {

inline bool all_of_class(std::string_view s, int (*is)(int)) {
    for (unsigned char c : s) {
        if (!is(c)) return false;
    }
    return true;
}
inline bool letters(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max && all_of_class(s, [](int c) { return std::isalpha(c); });
}
inline bool alphanumerics(std::string_view s, std::size_t min, std::size_t max) {
    return s.size() >= min && s.size() <= max && all_of_class(s, [](int c) { return std::isalnum(c); });
}

}  // namespace detail

// Whether `tag` is a well-formed BCP 47 language tag whose language is an ISO 639 code (two or three letters):
// RFC 5646's syntax (language, extlangs, script, region, variants, extensions, private use) with the 4- and
// 5-to-8-letter language subtags left out, because none is registered ("english" is not a language tag).
inline bool is_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 64) return false;
    std::vector<std::string_view> parts;
    for (std::size_t at = 0;;) {
        const auto dash = tag.find('-', at);
        parts.push_back(tag.substr(at, dash == std::string_view::npos ? std::string_view::npos : dash - at));
        if (dash == std::string_view::npos) break;
        at = dash + 1;
    }
    std::size_t i = 0;
    const auto lower = [](std::string_view s) {
        return s.size() == 1 ? static_cast<char>(std::tolower(static_cast<unsigned char>(s[0]))) : '\0';
    };
    const auto private_use_from = [&](std::size_t from) {  // x-1*8alphanum, to the end
        if (from + 1 >= parts.size()) return false;
        for (std::size_t k = from + 1; k < parts.size(); ++k) {
            if (!detail::alphanumerics(parts[k], 1, 8)) return false;
        }
        return true;
    };
    if (lower(parts[0]) == 'x') return private_use_from(0);
    if (!detail::letters(parts[0], 2, 3)) return false;
    ++i;
    for (int extlangs = 0; extlangs < 3 && i < parts.size() && detail::letters(parts[i], 3, 3); ++extlangs) ++i;
    if (i < parts.size() && detail::letters(parts[i], 4, 4)) ++i;  // script
    if (i < parts.size() && (detail::letters(parts[i], 2, 2) ||
                             (parts[i].size() == 3 && detail::all_of_class(parts[i], [](int c) { return std::isdigit(c); })))) {
        ++i;  // region
    }
    while (i < parts.size() && (detail::alphanumerics(parts[i], 5, 8) ||
                                (parts[i].size() == 4 && std::isdigit(static_cast<unsigned char>(parts[i][0])) &&
                                 detail::alphanumerics(parts[i], 4, 4)))) {
        ++i;  // variants
    }
    while (i < parts.size() && parts[i].size() == 1 && lower(parts[i]) != 'x' && detail::alphanumerics(parts[i], 1, 1)) {
        std::size_t k = i + 1;  // an extension: a singleton and one or more 2-8 alphanumerics
        while (k < parts.size() && detail::alphanumerics(parts[k], 2, 8)) ++k;
        if (k == i + 1) return false;
        i = k;
    }
    if (i < parts.size() && lower(parts[i]) == 'x') return private_use_from(i);
    return i == parts.size();
}

// Throws Error(AGORAS_ERR_USAGE), naming the option, unless `tag` is a language tag (is_language_tag).
inline void require_language_tag(const std::string& tag, const std::string& option = "--language") {
    if (is_language_tag(tag)) return;
    std::string hint;
    if (tag.find('_') != std::string::npos) {
        std::string dashed = tag;
        for (char& c : dashed) c = c == '_' ? '-' : c;
        if (is_language_tag(dashed)) hint = "; did you mean '" + dashed + "'?";
    }
    throw Error(AGORAS_ERR_USAGE, option + " '" + tag + "' is not a BCP 47 language tag (such as en, pt-BR or zh-Hant)" +
                                      (hint.empty() ? "" : hint));
}

}  // namespace agoras::sdk

#endif
