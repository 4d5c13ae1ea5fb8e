#include "feeds/feed.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using agoras::host::feeds::parse_feed;
using agoras::host::feeds::parse_feed_date;

TEST_CASE("feed dates: RFC 822 with named and numeric zones and short years, RFC 3339, all in UTC", "[feeds]") {
    const std::int64_t t = 1033563600;  // 2002-10-02T13:00:00Z
    CHECK(parse_feed_date("Wed, 02 Oct 2002 13:00:00 GMT") == t);
    CHECK(parse_feed_date("Wed, 02 Oct 2002 15:00:00 +0200") == t);
    CHECK(parse_feed_date("Wed, 02 Oct 2002 08:00:00 EST") == t);
    CHECK(parse_feed_date("02 Oct 02 13:00 UT") == t);  // no weekday, 2-digit year, no seconds
    CHECK(parse_feed_date("  Wed, 2 oct 2002 06:00:00 PDT ") == t);
    CHECK(parse_feed_date("2002-10-02T13:00:00Z") == t);
    CHECK(parse_feed_date("2002-10-02T10:00:00.123-03:00") == t);
    CHECK(parse_feed_date("2002-10-02") == 1033516800);  // a date alone: midnight UTC
    CHECK_FALSE(parse_feed_date("2002-10-02T13:00:00").has_value());  // RFC 3339 requires a zone
    CHECK_FALSE(parse_feed_date("Wed, 02 Oct 2002 13:00:00 J").has_value());  // military zones: ambiguous
    CHECK_FALSE(parse_feed_date("yesterday").has_value());
    CHECK_FALSE(parse_feed_date("Wed, 32 Oct 2002 13:00:00 GMT").has_value());
}

TEST_CASE("feed dates: negative fields, impossible zones and years out of range are no date (found by fuzzing)", "[feeds]") {
    CHECK_FALSE(parse_feed_date("Wed, 02 Oct 2002 -1:00:00 GMT").has_value());
    CHECK_FALSE(parse_feed_date("Wed, 02 Oct 2002 13:-5:00 GMT").has_value());
    CHECK_FALSE(parse_feed_date("Wed, 02 Oct 2002 13:00:00 +9999").has_value());
    CHECK_FALSE(parse_feed_date("Wed, 02 Oct 0001 13:00:00 GMT").has_value());  // the year 1, not 2001
    CHECK_FALSE(parse_feed_date("Thu, 01 Jan 1970 00:00:00 +0100").has_value());  // before the epoch
    CHECK_FALSE(parse_feed_date("2002-10-02T13:00:00+25:00").has_value());
    CHECK(parse_feed_date("Thu, 01 Jan 1970 00:00:00 GMT") == std::optional<std::int64_t>(0));
}

TEST_CASE("feeds: RSS 2.0 items with guid, link, date and the first image enclosure (never audio)", "[feeds]") {
    const auto feed = parse_feed(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title>Q&amp;A &amp;amp; more</title><link>https://e.com/a?x=1&amp;y=2</link><guid isPermaLink="false">id-1</guid>
  <pubDate>Wed, 02 Oct 2002 13:00:00 GMT</pubDate>
  <enclosure url="https://e.com/a.mp3" type="audio/mpeg" length="1"/><enclosure url="https://e.com/a.png" type="image/png" length="1"/></item>
<item><title>Media</title><guid>https://e.com/b</guid><dc:date>2002-10-02T14:00:00Z</dc:date>
  <media:group><media:content url="https://e.com/b.mp4" type="video/mp4"/><media:content url="https://e.com/b.jpg" medium="image"/></media:group></item>
<item><title>No id</title><description>text</description></item>
</channel></rss>)");
    CHECK(feed.kind == "rss");
    REQUIRE(feed.items.size() == 3);
    CHECK(feed.items[0].identity == "id-1");
    CHECK(feed.items[0].title == "Q&A &amp; more");  // unescaped once
    CHECK(feed.items[0].link == "https://e.com/a?x=1&y=2");
    CHECK(feed.items[0].image == "https://e.com/a.png");
    CHECK(feed.items[0].date == 1033563600);
    CHECK(feed.items[1].link == "https://e.com/b");  // a permalink guid is the link
    CHECK(feed.items[1].image == "https://e.com/b.jpg");
    CHECK(feed.items[1].date == 1033567200);
    CHECK(feed.items[2].identity.rfind("sha256:", 0) == 0);
    CHECK_FALSE(feed.items[2].date.has_value());
}

TEST_CASE("feeds: Atom entries (updated, else published) and RSS 1.0", "[feeds]") {
    const auto atom = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>tag:e.com,2002:1</id><title>One</title><link rel="alternate" href="https://e.com/1"/>
  <link rel="enclosure" type="image/jpeg" href="https://e.com/1.jpg"/><published>2002-10-01T00:00:00Z</published>
  <updated>2002-10-02T13:00:00Z</updated></entry>
<entry><id>tag:e.com,2002:2</id><title>Two</title><link href="https://e.com/2"/><published>2002-10-02T13:00:00+01:00</published></entry>
</feed>)");
    CHECK(atom.kind == "atom");
    REQUIRE(atom.items.size() == 2);
    CHECK(atom.items[0].identity == "tag:e.com,2002:1");
    CHECK(atom.items[0].date == 1033563600);
    CHECK(atom.items[0].image == "https://e.com/1.jpg");
    CHECK(atom.items[1].link == "https://e.com/2");
    CHECK(atom.items[1].date == 1033563600 - 3600);
    const auto rdf = parse_feed(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://e.com/"><title>t</title></channel>
<item rdf:about="https://e.com/r1"><title>R1</title><link>https://e.com/r1</link><dc:date>2002-10-02T13:00:00Z</dc:date></item>
</rdf:RDF>)");
    CHECK(rdf.kind == "rdf");
    REQUIRE(rdf.items.size() == 1);
    CHECK(rdf.items[0].identity == "https://e.com/r1");
    CHECK(rdf.items[0].date == 1033563600);
}

TEST_CASE("feeds: HTML, malformed XML, entity declarations and other roots are refused", "[feeds]") {
    CHECK_THROWS_AS(parse_feed("<!doctype html><html><body>hi</body></html>"), std::runtime_error);
    CHECK_THROWS_WITH(parse_feed("<html><body>hi</body></html>"), Catch::Contains("HTML page"));
    CHECK_THROWS_AS(parse_feed("<rss><channel><item>"), std::runtime_error);
    CHECK_THROWS_WITH(parse_feed("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
                                 "<rss><channel><item><title>&b;</title></item></channel></rss>"),
                      Catch::Contains("entities"));
    CHECK_THROWS_WITH(parse_feed("<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"http://127.0.0.1:1/evil.dtd\"><rss/>"),
                      Catch::Contains("channel"));  // the external DTD is never fetched
    CHECK_THROWS_WITH(parse_feed("<opml/>"), Catch::Contains("<opml>"));
    CHECK_THROWS_AS(parse_feed(""), std::runtime_error);
}

TEST_CASE("feeds: what real feed readers read: Userland RSS, thumbnails, podcast pictures, self links, a blank line first", "[feeds]") {
    // RSS 2.0 in the Userland namespace.
    const auto userland = parse_feed(R"(<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel>
<item><title>Namespaced</title><link>https://e.com/u</link></item></channel></rss>)");
    REQUIRE(userland.items.size() == 1);
    CHECK(userland.items[0].link == "https://e.com/u");

    // YouTube's and Reddit's media:thumbnail; a podcast's itunes:image; an image enclosure still comes first.
    const auto pictures = parse_feed(R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
 xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<item><title>Video</title><link>https://e.com/v</link><media:thumbnail url="https://e.com/v.jpg" width="480"/></item>
<item><title>Episode</title><link>https://e.com/p</link><enclosure url="https://e.com/p.mp3" type="audio/mpeg" length="1"/>
  <itunes:image href="https://e.com/p.jpg"/></item>
<item><title>Both</title><link>https://e.com/b</link><enclosure url="https://e.com/b.png" type="image/png" length="1"/>
  <media:thumbnail url="https://e.com/b-small.jpg"/></item></channel></rss>)");
    REQUIRE(pictures.items.size() == 3);
    CHECK(pictures.items[0].image == "https://e.com/v.jpg");
    CHECK(pictures.items[1].image == "https://e.com/p.jpg");
    CHECK(pictures.items[2].image == "https://e.com/b.png");

    // An Atom entry whose only link is rel="self"; an alternate link wins when there is one.
    const auto atom = parse_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>urn:1</id><title>Self</title><link rel="self" href="https://e.com/self"/></entry>
<entry><id>urn:2</id><title>Both</title><link rel="self" href="https://e.com/2.atom"/><link href="https://e.com/2"/></entry>
</feed>)");
    REQUIRE(atom.items.size() == 2);
    CHECK(atom.items[0].link == "https://e.com/self");
    CHECK(atom.items[1].link == "https://e.com/2");

    // Blank lines before the XML declaration: ill-formed, common, read.
    const auto blank = parse_feed("\n\r\n  <?xml version=\"1.0\"?><rss><channel><item><title>t</title></item></channel></rss>");
    CHECK(blank.items.size() == 1);
    CHECK_THROWS_AS(parse_feed("\nnot xml <?xml version=\"1.0\"?><rss/>"), std::runtime_error);
}
