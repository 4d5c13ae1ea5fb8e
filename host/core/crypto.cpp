#include "core/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace agoras::host::core::crypto {
namespace {

constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_cipher_ctx() {
    CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) throw std::runtime_error("OpenSSL: out of memory");
    return ctx;
}

const unsigned char* bytes_of(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

int int_size(std::size_t size) {
    if (size > 0x7fffffff) throw std::length_error("value too large to encrypt");
    return static_cast<int>(size);
}

std::optional<Bytes> hmac_sha256(const Bytes& key, const std::uint8_t* data, std::size_t size) {
    Bytes out(32);
    std::size_t out_size = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(), data, size, out.data(),
                  out.size(), &out_size) == nullptr) {
        return std::nullopt;
    }
    out.resize(out_size);
    return out;
}

}  // namespace

Bytes random_bytes(std::size_t count) {
    Bytes out(count);
    if (RAND_bytes(out.data(), int_size(count)) != 1) throw std::runtime_error("OpenSSL: no random bytes available");
    return out;
}

Bytes seal(const Bytes& key, std::string_view plaintext, std::string_view associated_data) {
    if (key.size() != kKeySize) throw std::invalid_argument("vault key must be 32 bytes");
    Bytes out = random_bytes(kNonceSize);
    out.resize(kNonceSize + plaintext.size() + kTagSize);
    auto ctx = new_cipher_ctx();
    int len = 0, final_len = 0;
    if (EVP_EncryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.data(), out.data(), nullptr) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes_of(associated_data), int_size(associated_data.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out.data() + kNonceSize, &len, bytes_of(plaintext), int_size(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + kNonceSize + len, &final_len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, out.data() + kNonceSize + plaintext.size()) != 1) {
        throw std::runtime_error("OpenSSL: AES-256-GCM encryption failed");
    }
    return out;
}

std::optional<std::string> open(const Bytes& key, const Bytes& sealed, std::string_view associated_data) {
    if (key.size() != kKeySize || sealed.size() < kNonceSize + kTagSize) return std::nullopt;
    const std::size_t text_size = sealed.size() - kNonceSize - kTagSize;
    std::string plaintext(text_size, '\0');
    Bytes tag(sealed.end() - kTagSize, sealed.end());
    auto ctx = new_cipher_ctx();
    int len = 0, final_len = 0;
    auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
    const bool ok =
        EVP_DecryptInit_ex2(ctx.get(), EVP_aes_256_gcm(), key.data(), sealed.data(), nullptr) == 1 &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes_of(associated_data), int_size(associated_data.size())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), out, &len, sealed.data() + kNonceSize, int_size(text_size)) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) == 1;
    if (!ok) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        return std::nullopt;
    }
    return plaintext;
}

std::string base64_encode(const Bytes& data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), int_size(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
    std::string clean;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        clean += c == '-' ? '+' : c == '_' ? '/' : c;
    }
    while (clean.size() % 4 != 0) clean += '=';
    if (clean.empty()) return Bytes{};
    for (char c : clean) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                        c == '/' || c == '=';
        if (!ok) return std::nullopt;
    }
    Bytes out(clean.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(clean.data()), int_size(clean.size()));
    if (n < 0) return std::nullopt;
    // EVP_DecodeBlock counts padding as data; drop one byte per '='.
    std::size_t size = static_cast<std::size_t>(n);
    for (auto it = clean.rbegin(); it != clean.rend() && *it == '='; ++it) --size;
    out.resize(size);
    return out;
}

std::optional<std::string> fernet_decrypt(const Bytes& fernet_key, std::string_view token) {
    // Layout: 0x80 | timestamp(8) | iv(16) | AES-128-CBC ciphertext | HMAC-SHA256(32) over all before it.
    constexpr std::size_t kHeader = 1 + 8 + 16, kMac = 32;
    if (fernet_key.size() != 32) return std::nullopt;
    const auto raw = base64_decode(token);
    if (!raw || raw->size() < kHeader + 16 + kMac || (*raw)[0] != 0x80 || (raw->size() - kHeader - kMac) % 16 != 0) {
        return std::nullopt;
    }
    const Bytes signing_key(fernet_key.begin(), fernet_key.begin() + 16);
    const Bytes encryption_key(fernet_key.begin() + 16, fernet_key.end());
    const std::size_t signed_size = raw->size() - kMac;
    const auto mac = hmac_sha256(signing_key, raw->data(), signed_size);
    if (!mac || CRYPTO_memcmp(mac->data(), raw->data() + signed_size, kMac) != 0) return std::nullopt;

    auto ctx = new_cipher_ctx();
    const std::size_t cipher_size = signed_size - kHeader;
    std::string plaintext(cipher_size, '\0');
    auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
    int len = 0, final_len = 0;
    const bool ok = EVP_DecryptInit_ex2(ctx.get(), EVP_aes_128_cbc(), encryption_key.data(), raw->data() + 9, nullptr) == 1 &&
                    EVP_DecryptUpdate(ctx.get(), out, &len, raw->data() + kHeader, int_size(cipher_size)) == 1 &&
                    EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) == 1;
    if (!ok) return std::nullopt;
    plaintext.resize(static_cast<std::size_t>(len + final_len));
    return plaintext;
}

}  // namespace agoras::host::core::crypto
