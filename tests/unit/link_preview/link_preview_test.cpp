#include "link_preview.hpp"

#include <agoras/sdk/url.hpp>

#include <catch2/catch.hpp>

using namespace agoras::link_preview;
using agoras::sdk::resolve_url;

TEST_CASE("link card: OpenGraph tags win, <title> and description are the fallback", "[bluesky][card]") {
    const auto og = parse_page_meta(R"(<!doctype html><html><head>
        <title>Plain title</title>
        <meta property="og:title" content="The &amp; OG   title">
        <meta name="description" content="plain description">
        <meta property="og:description" content="OG description">
        <meta property="og:image" content="/img/card.jpg">
        </head><body><meta property="og:title" content="in the body"></body></html>)",
                                    "https://example.com/blog/post?x=1");
    CHECK(og.title == "The & OG title");
    CHECK(og.description == "OG description");
    CHECK(og.image_url == "https://example.com/img/card.jpg");

    const auto plain = parse_page_meta("<html><head><title>\n  Only a title </title><meta name=description "
                                       "content='words'></head></html>",
                                       "https://example.com/");
    CHECK(plain.title == "Only a title");
    CHECK(plain.description == "words");
    CHECK(plain.image_url.empty());
}

TEST_CASE("link card: broken markup and non-HTML give an empty card, never a crash", "[bluesky][card]") {
    CHECK(parse_page_meta("", "https://e.com/").title.empty());
    CHECK(parse_page_meta("\x89PNG\r\n\x1a\n\0\0binary", "https://e.com/").title.empty());
    const auto broken = parse_page_meta("<html><head><meta property=og:title content=\"Unclosed <title>x", "https://e.com/");
    CHECK(broken.image_url.empty());
}

TEST_CASE("link card: image references resolve against the page", "[bluesky][card]") {
    CHECK(resolve_url("https://e.com/a/b.html", "c.png") == "https://e.com/a/c.png");
    CHECK(resolve_url("https://e.com", "c.png") == "https://e.com/c.png");
    CHECK(resolve_url("https://e.com/a/b?q=/x", "/c.png") == "https://e.com/c.png");
    CHECK(resolve_url("https://e.com/a/", "//cdn.e.com/c.png") == "https://cdn.e.com/c.png");
    CHECK(resolve_url("https://e.com/a/", "http://other.org/c.png") == "http://other.org/c.png");
}
