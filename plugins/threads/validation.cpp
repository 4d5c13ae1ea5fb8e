#include "validation.hpp"

#include <agoras/plugin.hpp>

#include <algorithm>

namespace agoras::threads {
namespace {

[[noreturn]] void invalid(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, message); }

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::size_t count_characters(const std::string& utf8) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > utf8.size()) invalid("the text is not valid UTF-8");
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(utf8[i + k]) >> 6) != 0x2) invalid("the text is not valid UTF-8");
        }
        i += length;
        ++count;
    }
    return count;
}

void check_text(const std::string& text, const std::string& option) {
    const auto n = count_characters(text);
    if (n > kMaxTextCharacters) {
        invalid("--" + option + " is " + std::to_string(n) + " characters long; Threads allows " +
                std::to_string(kMaxTextCharacters));
    }
}

void check_alt_text(const std::string& text, const std::string& option) {
    if (count_characters(text) > kMaxAltTextCharacters) {
        invalid("--" + option + " is longer than " + std::to_string(kMaxAltTextCharacters) + " characters");
    }
}

void check_media_url(const std::string& url, const std::string& option) {
    const bool scheme_ok = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
    const bool has_host = url.size() > url.find("://") + 3 && url.find_first_of(" \t\r\n") == std::string::npos;
    if (!scheme_ok || !has_host) {
        invalid("--" + option + " must be a public http:// or https:// URL that Threads can fetch, not '" + url + "'");
    }
}

void check_reply_control(const std::string& value) {
    static const std::vector<std::string> allowed = {"everyone", "accounts_you_follow", "mentioned_only",
                                                     "parent_post_author_only", "followers_only"};
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        invalid("--reply-control must be one of everyone, accounts_you_follow, mentioned_only, "
                "parent_post_author_only, followers_only; not '" + value + "'");
    }
}

void check_post_id(const std::string& id, const std::string& option) {
    const bool ok = !id.empty() && id.size() <= 64 &&
                    std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || c == '_'; });
    if (!ok) invalid("--" + option + " must be a Threads post id (digits), not '" + id + "'");
}

std::string join_text_and_link(const std::string& text, const std::string& link) {
    return trim(trim(text) + " " + trim(link));
}

}  // namespace agoras::threads
