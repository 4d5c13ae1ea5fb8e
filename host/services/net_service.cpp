// NetApi over net/: libcurl with the host's policy, the OAuth flow, Google JWTs.
#include "services/net_api.hpp"

#include "net/http_service.hpp"
#include "net/http_transport.hpp"

namespace agoras::host::services {
namespace {

class NetService final : public NetApi {
public:
    Outcome http_send(const net::HttpCall& call, net::HttpAnswer& answer) override {
        return guarded([&] {
            try {
                answer = net::send_with_policy(call, &net::send_once);
            } catch (const net::TransportError& e) {
                answer.maybe_delivered = e.maybe_delivered();
                throw;
            }
        });
    }
    Outcome oauth_authorize(const net::OAuthRequest& request, net::OAuthGrant& grant) override {
        return guarded([&] { grant = net::authorize(request); });
    }
    Outcome google_assertion(const net::ServiceAccount& account, long long issued_at, std::string& out) override {
        return guarded([&] { out = net::signed_assertion(account, issued_at); });
    }
};

}  // namespace

NetApi& net_service() {
    static NetService service;
    return service;
}

}  // namespace agoras::host::services
