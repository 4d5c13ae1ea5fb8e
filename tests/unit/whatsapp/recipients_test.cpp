// WhatsApp recipients: E.164 numbers, a leading + accepted, several at once, each once.
#include "whatsapp.hpp"

#include <catch2/catch.hpp>

using agoras::whatsapp::recipients_of;

TEST_CASE("whatsapp recipients: E.164 digits, + accepted, commas between several, each once", "[whatsapp]") {
    CHECK(recipients_of("+15551234567") == std::vector<std::string>{"15551234567"});
    CHECK(recipients_of("15551234567, +447700900123,15551234567") == std::vector<std::string>{"15551234567", "447700900123"});
    for (const char* bad : {"", "555-1234", "+1 555 123 4567", "0155512345", "1234567", "1234567890123456", "+", "15551234567,"}) {
        INFO(bad);
        CHECK_THROWS_AS(recipients_of(bad), agoras::sdk::Error);
    }
}
