// A status's length as Mastodon counts it: the content warning plus the text, in grapheme clusters,
// every http(s) URL as the instance's characters_reserved_per_url, and a mention of a remote account
// (@user@domain) as its local part (@user).
#pragma once

#include <cstddef>
#include <string>

namespace agoras::mastodon {

std::size_t status_length(const std::string& text, const std::string& spoiler_text, std::size_t url_length);

}  // namespace agoras::mastodon
