// publish/thread_split: pieces that fit, numbered, cut where a reader expects.
#include "publish/thread_split.hpp"

#include <catch2/catch.hpp>

using agoras::host::publish::code_points;
using agoras::host::publish::split_for_thread;

TEST_CASE("code_points counts characters, not bytes", "[publish]") {
    CHECK(code_points("") == 0);
    CHECK(code_points("abc") == 3);
    CHECK(code_points("\xc3\xa9t\xc3\xa9") == 3);       // été
    CHECK(code_points("\xf0\x9f\x98\x80!") == 2);        // an emoji and "!"
}

TEST_CASE("split_for_thread: every piece fits the limit with its number", "[publish]") {
    std::string text;
    for (int i = 0; i < 60; ++i) text += (i > 0 ? " word" : "word") + std::to_string(i);
    const auto pieces = split_for_thread(text, 50);
    REQUIRE(pieces.size() > 2);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        CHECK(code_points(pieces[i]) <= 50);
        const std::string number = " " + std::to_string(i + 1) + "/" + std::to_string(pieces.size());
        CHECK(pieces[i].substr(pieces[i].size() - number.size()) == number);
        CHECK(pieces[i].front() != ' ');
    }
    // Nothing lost: the words, in order.
    std::string joined;
    for (const auto& piece : pieces) joined += (joined.empty() ? "" : " ") + piece.substr(0, piece.rfind(' '));
    CHECK(joined == text);
}

TEST_CASE("split_for_thread cuts after a sentence in the second half of a piece, else at a space", "[publish]") {
    const auto at_sentence = split_for_thread("The first sentence is here. The second one follows it and goes on.", 50);
    REQUIRE(at_sentence.size() == 2);
    CHECK(at_sentence[0] == "The first sentence is here. 1/2");
    CHECK(at_sentence[1] == "The second one follows it and goes on. 2/2");
}

TEST_CASE("split_for_thread cuts a word only when a piece has no space", "[publish]") {
    const auto pieces = split_for_thread(std::string(70, 'x'), 40);
    REQUIRE(pieces.size() == 3);
    CHECK(pieces[0] == std::string(32, 'x') + " 1/3");
}

TEST_CASE("split_for_thread never cuts inside a character", "[publish]") {
    std::string text;
    for (int i = 0; i < 50; ++i) text += "\xc3\xa9";  // é, two bytes each
    const auto pieces = split_for_thread(text, 30);
    REQUIRE(pieces.size() == 3);
    for (const auto& piece : pieces) CHECK(code_points(piece) <= 30);
    CHECK(pieces[0] == text.substr(0, 44) + " 1/3");  // 22 whole characters
}

TEST_CASE("split_for_thread: no pieces when the limit leaves no room", "[publish]") {
    CHECK(split_for_thread("a text", 18).empty());
    CHECK(split_for_thread("short", 100) == std::vector<std::string>{"short 1/1"});
}
