// Checks done before any request, so that bad input costs no API call and gets a clear message.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace agoras::threads {

constexpr std::size_t kMaxTextCharacters = 500;
constexpr std::size_t kMaxAltTextCharacters = 1000;
constexpr std::size_t kMaxImages = 20;  // a carousel holds 2 to 20

// Characters (Unicode code points), not bytes. Throws sdk::Error(AGORAS_ERR_USAGE) for invalid UTF-8.
std::size_t count_characters(const std::string& utf8);

// Each throws sdk::Error(AGORAS_ERR_USAGE) naming the option.
void check_text(const std::string& text, const std::string& option);
void check_alt_text(const std::string& text, const std::string& option);
void check_media_url(const std::string& url, const std::string& option);
void check_reply_control(const std::string& value);
void check_post_id(const std::string& id, const std::string& option);


// The post text as the original built it: "<text> <link>", trimmed.
std::string join_text_and_link(const std::string& text, const std::string& link);

}  // namespace agoras::threads
