// A link card (app.bsky.embed.external): Bluesky builds none for posts made through the API, so the
// client reads the page's OpenGraph tags (og:title, og:description, og:image) with libxml2's HTML
// parser, falling back to <title> and <meta name="description">.
#pragma once

#include <string>

namespace agoras::bluesky {

struct PageMeta {
    std::string title;
    std::string description;
    std::string image_url;  // absolute, or "" when the page names none
};

// Reads `html` (at most what was downloaded), resolving a relative og:image against `page_url`.
PageMeta parse_page_meta(const std::string& html, const std::string& page_url);

// `reference` made absolute against `base` (an http(s) URL); "" when it cannot be.
std::string resolve_url(const std::string& base, const std::string& reference);

}  // namespace agoras::bluesky
