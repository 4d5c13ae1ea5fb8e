// The network (libcurl, OpenSSL), in libagoras-services.so: HTTP with the host's policy (allowed URLs,
// retries, backoff), the OAuth callback, and Google service-account assertions.
#pragma once

#include "net/google_token.hpp"
#include "net/http_types.hpp"
#include "net/oauth_flow.hpp"
#include "services/outcome.hpp"

#include <string>

namespace agoras::host::services {

class NetApi {
public:
    static constexpr const char* kId = "net/1";
    virtual ~NetApi() = default;

    virtual Outcome http_send(const net::HttpCall& call, net::HttpAnswer& answer) = 0;
    virtual Outcome oauth_authorize(const net::OAuthRequest& request, net::OAuthGrant& grant) = 0;
    // The RS256-signed JWT assertion of a Google service account; USAGE for a bad key.
    virtual Outcome google_assertion(const net::ServiceAccount& account, long long issued_at, std::string& out) = 0;
};

}  // namespace agoras::host::services
