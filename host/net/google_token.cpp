#include "net/google_token.hpp"

#include "status_error.hpp"
#include "core/crypto.hpp"

#include <agoras/sdk/encoding.hpp>

#include <agoras/json.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace agoras::host::net {
namespace {

std::string base64url(const std::string& bytes) { return sdk::base64url_encode(bytes); }

}  // namespace

std::string signed_assertion(const ServiceAccount& account, long long issued_at) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(account.private_key_pem.data(),
                                                                  static_cast<int>(account.private_key_pem.size())),
                                                  BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        // No passphrase: an encrypted key is refused instead of OpenSSL asking for one on the terminal.
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr) : nullptr,
        EVP_PKEY_free);
    if (!key && account.private_key_pem.find("ENCRYPTED") != std::string::npos) {
        throw usage_error("--sheets-private-key is encrypted; give the service account's key as Google made it (unencrypted)");
    }
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        throw usage_error("--sheets-private-key is not an RSA private key in PEM form (the service account key file's "
                          "\"private_key\", \\n sequences allowed)");
    }
    const std::string header = base64url(R"({"alg":"RS256","typ":"JWT"})");
    const std::string claims = base64url(Json::object()
                                             .set("iss", account.client_email)
                                             .set("scope", account.scope)
                                             .set("aud", account.token_url)
                                             .set("iat", issued_at)
                                             .set("exp", issued_at + 3600)
                                             .serialize());
    const std::string input = header + "." + claims;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        throw StatusError(AGORAS_ERR_GENERIC, "signing the service account's assertion failed");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        throw StatusError(AGORAS_ERR_GENERIC, "signing the service account's assertion failed");
    }
    signature.resize(length);
    return input + "." + base64url(signature);
}

}  // namespace agoras::host::net
