#include "text.hpp"

#include "session.hpp"
#include "telegram.hpp"

#include <algorithm>
#include <vector>

namespace agoras::telegram {
namespace {

std::size_t utf16_units(const std::string& text) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte
        units += c >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs in UTF-16
    }
    return units;
}

// With parse mode HTML, Telegram refuses a '&' or '<' that is not markup ("can't parse entities"): a
// plain title such as "Q&A" would fail. Those are escaped; tags and entities are kept as they are.
std::string escape_stray_html(const std::string& text) {
    static const std::vector<std::string> tags = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a",
                                                  "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"};
    std::string out;
    bool in_tag = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_tag) {
            out += c;
            in_tag = c != '>';
        } else if (c == '&') {
            const auto end = text.find(';', i);
            bool entity = end != std::string::npos && end - i >= 3 && end - i <= 10;
            for (std::size_t k = i + 1; entity && k < end; ++k) {
                entity = std::isalnum(static_cast<unsigned char>(text[k])) || (k == i + 1 && text[k] == '#');
            }
            out += entity ? "&" : "&amp;";
        } else if (c == '<') {
            const auto end = text.find('>', i);
            std::string name = end == std::string::npos ? "" : text.substr(i + 1, end - i - 1);
            if (!name.empty() && name[0] == '/') name.erase(0, 1);
            name = name.substr(0, name.find(' '));
            in_tag = std::find(tags.begin(), tags.end(), name) != tags.end();
            out += in_tag ? "<" : "&lt;";
        } else if (c == '>') {
            out += "&gt;";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string parse_mode_of(const sdk::Invocation& call, const sdk::Post* post) {
    std::string mode = call.get_or("parse-mode", "HTML");
    if (post != nullptr) mode = post->extra("parse-mode").value_or(mode);
    static const std::vector<std::string> allowed = {"HTML", "MarkdownV2", "Markdown", "none"};
    if (std::find(allowed.begin(), allowed.end(), mode) == allowed.end()) {
        refuse("--parse-mode must be HTML, MarkdownV2, Markdown or none, not '" + mode + "'");
    }
    return mode;
}

void add_parse_mode(sdk::Params& params, const std::string& mode) {
    if (mode != "none") params.emplace_back("parse_mode", mode);
}

std::string join_text_and_link(const sdk::Post& post, const std::string& mode) {
    const std::string text = !post.link ? post.text : post.text.empty() ? *post.link : post.text + "\n" + *post.link;
    return mode == "HTML" ? escape_stray_html(text) : text;
}

// Adds a local file to `body` as the part `name`; a URL is left for Telegram to fetch. Returns whether
// it was added.
std::size_t visible_length(const std::string& text, const std::string& parse_mode) {
    if (parse_mode != "HTML") return utf16_units(text);
    std::string shown;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '<') {
            const auto end = text.find('>', i);
            if (end == std::string::npos) break;
            i = end;
        } else if (text[i] == '&') {
            const auto end = text.find(';', i);
            if (end != std::string::npos && end - i <= 10) {
                shown += '?';  // one character: &amp; &lt; &#128512; ... (an astral one counts once; close enough)
                i = end;
            } else {
                shown += '&';
            }
        } else {
            shown += text[i];
        }
    }
    return utf16_units(shown);
}

}  // namespace agoras::telegram
