#include "support/fernet.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <ctime>
#include <stdexcept>
#include <vector>

namespace agoras::test {
namespace {

using Bytes = std::vector<unsigned char>;

std::string b64url(const Bytes& data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

Bytes unb64url(std::string text) {
    for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    Bytes out(text.size());
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) throw std::runtime_error("bad base64");
    out.resize(static_cast<std::size_t>(n) - (text.size() - text.find_last_not_of('=') - 1));
    return out;
}

}  // namespace

std::string fernet_generate_key() {
    Bytes key(32);
    RAND_bytes(key.data(), 32);
    return b64url(key);
}

std::string fernet_encrypt(const std::string& key_base64url, const std::string& plaintext) {
    const Bytes key = unb64url(key_base64url);
    Bytes token{0x80};
    const auto now = static_cast<unsigned long long>(std::time(nullptr));
    for (int shift = 56; shift >= 0; shift -= 8) token.push_back(static_cast<unsigned char>(now >> shift));
    Bytes iv(16);
    RAND_bytes(iv.data(), 16);
    token.insert(token.end(), iv.begin(), iv.end());

    Bytes cipher(plaintext.size() + 16);
    int len = 0, final_len = 0;
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(ctx, EVP_aes_128_cbc(), nullptr, key.data() + 16, iv.data());
    EVP_EncryptUpdate(ctx, cipher.data(), &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                      static_cast<int>(plaintext.size()));
    EVP_EncryptFinal_ex(ctx, cipher.data() + len, &final_len);
    EVP_CIPHER_CTX_free(ctx);
    token.insert(token.end(), cipher.begin(), cipher.begin() + len + final_len);

    unsigned char mac[32];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), key.data(), 16, token.data(), token.size(), mac, &mac_len);
    token.insert(token.end(), mac, mac + mac_len);
    return b64url(token);
}

}  // namespace agoras::test
