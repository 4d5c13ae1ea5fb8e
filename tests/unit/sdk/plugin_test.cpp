// agoras/plugin.hpp: the typed post a platform's own post action describes.
#include <agoras/testing.hpp>

#include <catch2/catch.hpp>

using agoras::sdk::post_from_options;
using agoras::testing::FakeHost;

TEST_CASE("post_from_options: text, link, language and images paired with alt texts by position", "[sdk]") {
    FakeHost host({"p"});
    const auto call = host.invocation("p", "post",
                                      {{"text", "Hello"}, {"link", "https://example.com"}, {"language", "en"},
                                       {"image", "a.png"}, {"image", ""}, {"image", "c.png"},
                                       {"alt-text", "first"}, {"alt-text", ""}, {"alt-text", "third"}});
    const auto post = post_from_options(call.get());
    CHECK(post.text == "Hello");
    CHECK(post.link == std::optional<std::string>("https://example.com"));
    CHECK(post.language == std::optional<std::string>("en"));
    REQUIRE(post.media.size() == 2);  // the gap of the numbered forms is skipped
    CHECK(post.media[0].source == "a.png");
    CHECK(post.media[0].alt_text == "first");
    CHECK(post.media[1].source == "c.png");
    CHECK(post.media[1].alt_text == "third");
}

TEST_CASE("post_from_options: an alt text without its image is a usage error", "[sdk]") {
    FakeHost host({"p"});
    const auto call = host.invocation("p", "post", {{"text", "x"}, {"image", "a.png"}, {"alt-text", "a"}, {"alt-text", "b"}});
    CHECK_THROWS_WITH(post_from_options(call.get()), "alt text #2 is given without image #2");
}

TEST_CASE("post_from_options: fallback images stand in only when no --image is given", "[sdk]") {
    FakeHost host({"p"});
    const auto none = host.invocation("p", "post", {{"text", "x"}, {"alt-text", "env"}});
    const auto from_fallback = post_from_options(none.get(), {"https://example.com/env.png"});
    REQUIRE(from_fallback.media.size() == 1);
    CHECK(from_fallback.media[0].alt_text == "env");
    const auto given = host.invocation("p", "post", {{"text", "x"}, {"image", "mine.png"}});
    const auto from_option = post_from_options(given.get(), {"https://example.com/env.png"});
    REQUIRE(from_option.media.size() == 1);
    CHECK(from_option.media[0].source == "mine.png");
    CHECK_FALSE(post_from_options(given.get()).link);
}
