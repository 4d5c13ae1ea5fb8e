#include "length.hpp"

#include <text.hpp>

namespace agoras::mastodon {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool handle_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

// `text` with each URL replaced by `url_length` placeholder characters and each @user@domain by @user.
std::string as_counted(const std::string& text, std::size_t url_length) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const bool word_start = i == 0 || is_space(text[i - 1]) || text[i - 1] == '(';
        if (word_start && (text.compare(i, 8, "https://") == 0 || text.compare(i, 7, "http://") == 0)) {
            std::size_t end = i;
            while (end < text.size() && !is_space(text[end])) ++end;
            // Trailing punctuation is the sentence's, not the URL's.
            while (end > i && std::string(".,;:!?)'\"").find(text[end - 1]) != std::string::npos) --end;
            out.append(url_length, 'x');
            i = end;
            continue;
        }
        if (word_start && text[i] == '@') {
            std::size_t user_end = i + 1;
            while (user_end < text.size() && handle_char(text[user_end]) && text[user_end] != '.') ++user_end;
            if (user_end > i + 1 && user_end < text.size() && text[user_end] == '@') {
                std::size_t domain_end = user_end + 1;
                while (domain_end < text.size() && handle_char(text[domain_end])) ++domain_end;
                while (domain_end > user_end + 1 && text[domain_end - 1] == '.') --domain_end;
                if (text.substr(user_end + 1, domain_end - user_end - 1).find('.') != std::string::npos) {
                    out.append(text, i, user_end - i);  // "@user"
                    i = domain_end;
                    continue;
                }
            }
        }
        out.push_back(text[i++]);
    }
    return out;
}

}  // namespace

std::size_t status_length(const std::string& text, const std::string& spoiler_text, std::size_t url_length) {
    return text::count_graphemes(as_counted(text, url_length)) + text::count_graphemes(spoiler_text);
}

}  // namespace agoras::mastodon
