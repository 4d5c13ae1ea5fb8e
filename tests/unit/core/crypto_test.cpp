#include "core/crypto.hpp"

#include <catch2/catch.hpp>

using namespace agoras::host::core::crypto;

namespace {
Bytes test_key() { return Bytes(32, 0x42); }
}  // namespace

TEST_CASE("crypto: AES-256-GCM round trip with a fresh nonce each time", "[vault][crypto]") {
    const auto a = seal(test_key(), "the secret", "threads/default");
    const auto b = seal(test_key(), "the secret", "threads/default");
    CHECK(a != b);
    CHECK(a.size() == 12 + 10 + 16);
    CHECK(open(test_key(), a, "threads/default") == std::optional<std::string>("the secret"));
}

TEST_CASE("crypto: tampering, a wrong key and a wrong binding are all refused", "[vault][crypto]") {
    const auto sealed = seal(test_key(), "the secret", "threads/default");
    for (std::size_t i = 0; i < sealed.size(); ++i) {
        auto tampered = sealed;
        tampered[i] ^= 0x01;
        INFO("byte " << i);
        CHECK_FALSE(open(test_key(), tampered, "threads/default"));
    }
    CHECK_FALSE(open(Bytes(32, 0x43), sealed, "threads/default"));
    CHECK_FALSE(open(test_key(), sealed, "threads/other"));
    CHECK_FALSE(open(test_key(), Bytes(10, 0), "threads/default"));
}

TEST_CASE("crypto: base64 round trip, both alphabets, whitespace tolerated", "[vault][crypto]") {
    const Bytes data{0xfb, 0xff, 0x00, 0x10, 0x7e};
    const auto encoded = base64_encode(data);
    CHECK(encoded == "+/8AEH4=");
    CHECK(base64_decode(encoded) == data);
    CHECK(base64_decode("-_8AEH4") == data);
    CHECK(base64_decode("  +/8AEH4=\n") == data);
    CHECK_FALSE(base64_decode("not*base64"));
}

TEST_CASE("crypto: decrypts the Fernet specification's test vector", "[vault][crypto]") {
    // From the Fernet spec (github.com/fernet/spec, generate.json).
    const auto key = base64_decode("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=");
    REQUIRE(key);
    const std::string token =
        "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    CHECK(fernet_decrypt(*key, token) == std::optional<std::string>("hello"));

    std::string tampered = token;
    tampered[60] = tampered[60] == 'A' ? 'B' : 'A';
    CHECK_FALSE(fernet_decrypt(*key, tampered));
    CHECK_FALSE(fernet_decrypt(Bytes(32, 1), token));
}
