// OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as X checks it: the signature base string of the
// method, the URL without its query, and every oauth_*, query and form parameter (a JSON or multipart
// body is not signed); a fresh nonce and the current time on every request.
#pragma once

#include <agoras/sdk/url.hpp>

#include <cstdint>
#include <string>

namespace agoras::x {

struct OAuth1Keys {
    std::string consumer_key, consumer_secret, token, token_secret;  // token empty: request_token
};

// The base64 HMAC-SHA1 signature of a request whose parameters (oauth_* included, oauth_signature
// not) are `params`.
std::string oauth1_signature(const std::string& method, const std::string& url, const sdk::Params& params,
                             const std::string& consumer_secret, const std::string& token_secret);

// The Authorization header's value for a request: `url` may carry a query, `form` is the
// application/x-www-form-urlencoded body (empty for JSON, multipart or no body), `extra` the
// protocol parameters of the flow (oauth_callback, oauth_verifier).
std::string oauth1_authorization(const std::string& method, const std::string& url, const sdk::Params& form,
                                 const OAuth1Keys& keys, const sdk::Params& extra, const std::string& nonce,
                                 std::int64_t timestamp);

// 32 random letters and digits.
std::string oauth1_nonce();

}  // namespace agoras::x
