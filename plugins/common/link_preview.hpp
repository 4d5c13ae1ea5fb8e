// What a link card shows, read from the page itself (Bluesky and LinkedIn build no card for posts made
// through their APIs): its OpenGraph tags (og:title, og:description, og:image) through libxml2's HTML
// parser, falling back to <title> and <meta name="description">. A library of its own, so that only the
// plugins that make cards load libxml2.
#pragma once

#include <agoras/sdk/host.hpp>

#include <string>

namespace agoras::link_preview {

struct PageMeta {
    std::string title;
    std::string description;
    std::string image_url;  // absolute, or "" when the page names none
};

// Reads `html` (at most what was downloaded), resolving a relative og:image against `page_url`.
PageMeta parse_page_meta(const std::string& html, const std::string& page_url);

// Fetches `url` through the host (redirects within its policy, its first 2 MiB, one 15 s deadline) and reads it.
// Throws sdk::Error when the page cannot be read; a dry run reads nothing (empty meta).
PageMeta read_page_meta(const sdk::Host& host, const std::string& url);

}  // namespace agoras::link_preview
