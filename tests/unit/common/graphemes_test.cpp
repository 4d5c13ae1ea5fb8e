// plugins/common/graphemes: clusters as Unicode 15.1 and later count them, Indic conjuncts (rule GB9c) included,
// held to fixed answers and to Node.js's Intl.Segmenter (ICU).
#include "graphemes.hpp"

#include "support/process.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <sstream>

using agoras::test::repeat;
using agoras::text::grapheme_count;

TEST_CASE("graphemes: a conjunct (consonant, virama, consonant) is one cluster in each of the six scripts", "[graphemes]") {
    // The scripts of Indic_Conjunct_Break=Linker, each with its ksha or an equivalent conjunct.
    const std::pair<const char*, std::string> conjuncts[] = {
        {"Devanagari", "\u0915\u094D\u0937"},  // क्ष
        {"Bengali", "\u0995\u09CD\u09B7"},     // ক্ষ
        {"Gujarati", "\u0A95\u0ACD\u0AB7"},    // ક્ષ
        {"Oriya", "\u0B15\u0B4D\u0B37"},       // କ୍ଷ
        {"Telugu", "\u0C15\u0C4D\u0C37"},      // క్ష
        {"Malayalam", "\u0D15\u0D4D\u0D37"},   // ക്ഷ
    };
    for (const auto& [script, conjunct] : conjuncts) {
        INFO(script);
        CHECK(grapheme_count(conjunct) == 1u);
        CHECK(grapheme_count(repeat(conjunct, 300)) == 300u);
    }
}

TEST_CASE("graphemes: GB9c's edges", "[graphemes]") {
    CHECK(grapheme_count("\u0915\u094D\u0937\u094D\u092E") == 1u);  // क्ष्म: a chain of conjuncts
    CHECK(grapheme_count("\u0915\u094D\u200D\u0937") == 1u);         // a ZWJ between virama and consonant
    CHECK(grapheme_count("\u0915\u093C\u094D\u0937") == 1u);         // a nukta (Extend) before the virama
    CHECK(grapheme_count("\u0915\u0937") == 2u);                     // no virama: two
    CHECK(grapheme_count("a\u094D\u0937") == 2u);                    // a virama after a Latin letter joins nothing
    CHECK(grapheme_count("\u0915\u094D \u0937") == 3u);               // a space ends the conjunct
    CHECK(grapheme_count("\u0B95\u0BCD\u0BB7") == 2u);               // Tamil's virama is not a Linker
    CHECK(grapheme_count("\u0915\u094D\u0995") == 1u);  // GB9c does not ask whether the two share a script
}

TEST_CASE("graphemes: everything utf8proc already counted still counts the same", "[graphemes]") {
    CHECK(grapheme_count("") == 0u);
    CHECK(grapheme_count("abc") == 3u);
    CHECK(grapheme_count("\U0001F469\u200D\U0001F469\u200D\U0001F467") == 1u);    // 👩‍👩‍👧
    CHECK(grapheme_count("\U0001F1E7\U0001F1F7\U0001F1EF\U0001F1F5\U0001F1EB") == 3u);  // 🇧🇷🇯🇵 and a lone indicator
    CHECK(grapheme_count("\r\n") == 1u);
    CHECK(grapheme_count("\u1100\u1161\u11A8") == 1u);  // a Hangul syllable in jamo
    CHECK_FALSE(grapheme_count("\xC3").has_value());
    CHECK_FALSE(grapheme_count("\xED\xA0\x80").has_value());  // a surrogate
}

TEST_CASE("graphemes: random text counts as Intl.Segmenter counts it", "[graphemes]") {
    // Node.js's ICU is what the Bluesky PDS and its official client count with. Node.js is on every machine the
    // project builds on (the MCP and reference-server tests use it too).
    const auto probe = agoras::test::run_process({"/usr/bin/env", "node", "-p", "process.versions.unicode"});
    INFO("node -p process.versions.unicode: " << probe.out << probe.err);
    REQUIRE(probe.exit_code == 0);
    REQUIRE(std::stod(probe.out) >= 15.1);

    // Pieces from which conjuncts and their near misses are made: consonants and viramas of the six scripts and
    // of Tamil, nuktas, vowel signs, ZWJ and ZWNJ, spaces, Latin, emoji and their modifiers, regional indicators.
    const std::vector<std::string> pieces = {
        "\u0915", "\u0937", "\u092E", "\u094D", "\u093C", "\u093F", "\u0902", "\u0995", "\u09CD", "\u09B7",
        "\u09BF", "\u0A95", "\u0ACD", "\u0B15", "\u0B4D", "\u0C15", "\u0C4D", "\u0C37", "\u0D15", "\u0D4D",
        "\u0D37", "\u0B95", "\u0BCD", "\u200D", "\u200C", " ", "a", "\u0301", "\U0001F469", "\U0001F3FD",
        "\U0001F1E7", "\r", "\n", "\u1100", "\u1161"};
    std::mt19937 random(20261206);
    std::vector<std::string> texts;
    for (int i = 0; i < 2000; ++i) {
        std::string text;
        const auto length = 1 + random() % 12;
        for (unsigned j = 0; j < length; ++j) text += pieces[random() % pieces.size()];
        texts.push_back(text);
    }
    std::string input;
    for (const auto& text : texts) input += text + '\0';
    agoras::test::ProcessOptions options;
    options.stdin_data = input;
    const auto oracle = agoras::test::run_process(
        {"/usr/bin/env", "node", "-e",
         "const s = new Intl.Segmenter(); let d = ''; process.stdin.setEncoding('utf8');"
         "process.stdin.on('data', c => d += c); process.stdin.on('end', () => console.log("
         "d.split('\\0').slice(0, -1).map(t => [...s.segment(t)].length).join(' ')));"},
        options);
    REQUIRE(oracle.exit_code == 0);
    std::istringstream counts(oracle.out);
    for (const auto& text : texts) {
        std::size_t expected = 0;
        REQUIRE(counts >> expected);
        INFO(text);
        CHECK(grapheme_count(text) == expected);
    }
}
