// A feed as agoras uses it (utils feed-publish): its items with a stable identity, the text parts,
// the first image, and a date in UTC. Parsed from RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 by libxml2 with
// no network and no entity expansion (feed_parser.cpp), in the feeds library (libagoras-feeds.so).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::feeds {

struct FeedItem {
    std::string identity;  // guid, else Atom id, else link, else a hash of title and description
    std::string title;     // entities decoded once, by the XML parser
    std::string link;      // as in the feed
    std::string image;     // the first image/* enclosure or Media RSS image, or ""
    std::optional<std::int64_t> date;  // Unix seconds, UTC (Atom: updated, else published)
};

struct Feed {
    std::string kind;  // "rss", "rdf", "atom"
    std::vector<FeedItem> items;
};

// Throws std::runtime_error with a reason for a document that is not a feed. `encoding` (the charset HTTP gave,
// which outranks the XML declaration) is how the bytes are read when libxml2 knows it; `as_utf8`, when given,
// receives the document re-encoded as UTF-8 and declared so, to be read again later without that charset.
Feed parse_feed(const std::string& xml, const std::string& encoding = {}, std::string* as_utf8 = nullptr);

// RFC 822 (named and numeric zones, 2- and 4-digit years, with or without the weekday) and RFC 3339 /
// ISO 8601 (dc:date), as Unix seconds in UTC; nullopt for anything else.
std::optional<std::int64_t> parse_feed_date(const std::string& text);

}  // namespace agoras::host::feeds
