// agoras/sdk/language_tag.hpp: BCP 47 language tags, as plugins check --language before sending.
#include <agoras/sdk/language_tag.hpp>

#include <catch2/catch.hpp>

using agoras::sdk::is_language_tag;

TEST_CASE("language tags: what BCP 47 writes is accepted", "[language]") {
    for (const char* tag : {"en", "pt-BR", "PT-br", "zh-Hant-TW", "sr-Latn", "es-419", "de-CH-1996", "sl-rozaj-biske",
                            "ast", "zh-yue-HK", "en-a-bbb-x-a-ccc", "x-whatever", "hi-Deva-IN", "en-US-u-ca-gregory"}) {
        INFO(tag);
        CHECK(is_language_tag(tag));
    }
}

TEST_CASE("language tags: locales, names and broken syntax are refused", "[language]") {
    for (const char* tag : {"", "en_US", "english", "e", "en-", "-en", "en--US", "en-US-", "12", "en-a", "en-x",
                            "x", "en-US-toolongvariant", "Deutsch", "en US", "en-\xC3\xA9", "abcd"}) {
        INFO(tag);
        CHECK_FALSE(is_language_tag(tag));
    }
}

TEST_CASE("language tags: the refusal names the option and, for en_US, the tag meant", "[language]") {
    try {
        agoras::sdk::require_language_tag("en_US");
        FAIL("en_US was accepted");
    } catch (const agoras::sdk::Error& e) {
        CHECK(e.status() == AGORAS_ERR_USAGE);
        CHECK(std::string(e.what()).find("--language 'en_US'") != std::string::npos);
        CHECK(std::string(e.what()).find("did you mean 'en-US'") != std::string::npos);
    }
}
