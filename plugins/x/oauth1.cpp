#include "oauth1.hpp"

#include <agoras/sdk/error.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>

namespace agoras::x {
namespace {

std::string base64(const unsigned char* bytes, std::size_t size) {
    std::string out(4 * ((size + 2) / 3), '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(size));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

}  // namespace

std::string oauth1_signature(const std::string& method, const std::string& url, const sdk::Params& params,
                             const std::string& consumer_secret, const std::string& token_secret) {
    // Parameters sorted by encoded name, then encoded value (RFC 5849 section 3.4.1.3.2).
    std::vector<std::pair<std::string, std::string>> encoded;
    for (const auto& [name, value] : params) encoded.emplace_back(sdk::percent_encode(name), sdk::percent_encode(value));
    std::sort(encoded.begin(), encoded.end());
    std::string joined;
    for (const auto& [name, value] : encoded) joined += (joined.empty() ? "" : "&") + name + "=" + value;
    const std::string base_url = url.substr(0, url.find_first_of("?#"));
    const std::string base = method + "&" + sdk::percent_encode(base_url) + "&" + sdk::percent_encode(joined);
    const std::string key = sdk::percent_encode(consumer_secret) + "&" + sdk::percent_encode(token_secret);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(base.data()),
             base.size(), digest, &size) == nullptr) {
        throw sdk::Error(AGORAS_ERR_PLUGIN, "HMAC-SHA1 failed");
    }
    return base64(digest, size);
}

std::string oauth1_authorization(const std::string& method, const std::string& url, const sdk::Params& form,
                                 const OAuth1Keys& keys, const sdk::Params& extra, const std::string& nonce,
                                 std::int64_t timestamp) {
    sdk::Params protocol{{"oauth_consumer_key", keys.consumer_key},
                         {"oauth_nonce", nonce},
                         {"oauth_signature_method", "HMAC-SHA1"},
                         {"oauth_timestamp", std::to_string(timestamp)},
                         {"oauth_version", "1.0"}};
    if (!keys.token.empty()) protocol.emplace_back("oauth_token", keys.token);
    protocol.insert(protocol.end(), extra.begin(), extra.end());
    sdk::Params signed_params = protocol;
    const auto question = url.find('?');
    if (question != std::string::npos) {
        const sdk::Params query = sdk::decode_params(std::string_view(url).substr(question + 1));
        signed_params.insert(signed_params.end(), query.begin(), query.end());
    }
    signed_params.insert(signed_params.end(), form.begin(), form.end());
    protocol.emplace_back("oauth_signature", oauth1_signature(method, url, signed_params, keys.consumer_secret, keys.token_secret));
    std::string header = "OAuth ";
    for (std::size_t i = 0; i < protocol.size(); ++i) {
        header += (i > 0 ? ", " : "") + sdk::percent_encode(protocol[i].first) + "=\"" + sdk::percent_encode(protocol[i].second) + "\"";
    }
    return header;
}

std::string oauth1_nonce() {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) throw sdk::Error(AGORAS_ERR_PLUGIN, "no random bytes for an OAuth nonce");
    std::string nonce;
    for (const unsigned char byte : random) nonce += alphabet[byte % 62];
    return nonce;
}

}  // namespace agoras::x
