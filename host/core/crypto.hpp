// The vault's cryptography, on OpenSSL 3's EVP interfaces only (this library is compiled with
// OPENSSL_NO_DEPRECATED). Kept apart from everything that includes Boost.Asio's SSL headers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agoras::host::core::crypto {

using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kKeySize = 32;

Bytes random_bytes(std::size_t count);

// AES-256-GCM: returns nonce(12) || ciphertext || tag(16). A fresh random nonce on every call.
Bytes seal(const Bytes& key, std::string_view plaintext, std::string_view associated_data);
// nullopt when the key is wrong, the data was altered or the associated data differs.
std::optional<std::string> open(const Bytes& key, const Bytes& sealed, std::string_view associated_data);

std::string base64_encode(const Bytes& data);
// Standard or URL-safe alphabet, padding optional, surrounding whitespace ignored; nullopt if invalid.
std::optional<Bytes> base64_decode(std::string_view text);

// Decrypts a Fernet token (the Python original's format) with a 32-byte Fernet key; nullopt when the
// token is malformed or its HMAC does not verify.
std::optional<std::string> fernet_decrypt(const Bytes& fernet_key, std::string_view token);

}  // namespace agoras::host::core::crypto
