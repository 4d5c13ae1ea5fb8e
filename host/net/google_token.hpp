// A Google service account's access token (OAuth 2.0 JWT bearer grant, RFC 7523): a JWT signed
// RS256 with the account's private key (OpenSSL), exchanged at the token URL, which is also its
// audience. In the network library, libagoras-net.so (OpenSSL, HTTP).
#pragma once

#include <string>

namespace agoras::host::net {

struct ServiceAccount {
    std::string client_email;
    std::string private_key_pem;  // literal "\n" sequences already turned into line breaks
    std::string token_url;        // https://oauth2.googleapis.com/token, or AGORAS_GOOGLE_TOKEN_URL
    std::string scope;
};

// The signed assertion; throws StatusError(AGORAS_ERR_USAGE) when the key is not an RSA private key.
std::string signed_assertion(const ServiceAccount& account, long long issued_at);

}  // namespace agoras::host::net
