// The authorization-code step through sdk::Host (host.hpp): agoras.oauth/2, whose callback port and
// wait are the host's, or the 1.0 step for old plugins.
#ifndef AGORAS_SDK_OAUTH_HPP
#define AGORAS_SDK_OAUTH_HPP

#include <agoras/ext/oauth.h>
#include <agoras/json.hpp>
#include <agoras/sdk/host.hpp>

#include <map>

namespace agoras::sdk {

struct OAuthRequest {
    std::string authorize_url;  // every parameter but state and the PKCE challenge
    agoras_oauth_redirect redirect = AGORAS_OAUTH_HTTPS_LOOPBACK;
    std::uint32_t callback_port = 0;    // 0: the host's (AGORAS_OAUTH_PORT)
    std::string callback_path = "/callback";
    std::uint32_t timeout_seconds = 0;  // 0: the host's (AGORAS_OAUTH_TIMEOUT, else 300)
    bool pkce = false;
    bool no_browser = false;
    // OAuth 1.0a: authorize_url names the request token, which the callback must bring back as
    // oauth_token; the result's "code" is the oauth_verifier (or the PIN, out of band).
    bool oauth1a = false;
};

// An authorize action's --timeout value in seconds; "" gives 0, the host's setting
// (AGORAS_OAUTH_TIMEOUT, else 300). Throws a usage error for anything but a whole number of 1-3600.
inline std::uint32_t oauth_timeout_option(const std::string& value) {
    if (value.empty()) return 0;
    const bool digits = value.size() <= 4 && value.find_first_not_of("0123456789") == std::string::npos;
    const unsigned long seconds = digits ? std::stoul(value) : 0;
    if (seconds < 1 || seconds > 3600) throw Error(AGORAS_ERR_USAGE, "--timeout must be 1-3600 seconds, not '" + value + "'");
    return static_cast<std::uint32_t>(seconds);
}

struct OAuthResult {
    std::map<std::string, std::string> params;  // every callback parameter
    std::string code() const { return get("code"); }
    std::string code_verifier() const { return get("code_verifier"); }  // with pkce
    std::string redirect_uri() const { return get("redirect_uri"); }
    std::string get(const std::string& name) const {
        const auto it = params.find(name);
        return it == params.end() ? std::string() : it->second;
    }
};

inline std::string Host::oauth_redirect_uri(agoras_oauth_redirect redirect, const std::string& path) const {
    const auto* v2 = extension<agoras_oauth_v2>(AGORAS_EXT_OAUTH_V2);
    if (v2 == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_OAUTH_V2);
    if (!AGORAS_HAS_FIELD(v2, agoras_oauth_v2, redirect_uri) || v2->redirect_uri == nullptr) {
        const std::string port = std::to_string(kLegacyCallbackPort);
        if (redirect == AGORAS_OAUTH_OUT_OF_BAND) return "urn:ietf:wg:oauth:2.0:oob";
        return (redirect == AGORAS_OAUTH_HTTPS_LOOPBACK ? "https://localhost:" : "http://127.0.0.1:") + port + path;
    }
    std::string uri;
    call_v2([&](agoras_string_sink es, void* ec) {
        return v2->redirect_uri(services_->context, static_cast<std::uint32_t>(redirect), path.c_str(),
                                &detail::append_to_string, &uri, es, ec);
    });
    return uri;
}
inline OAuthResult Host::oauth(const OAuthRequest& request) const {
    const auto* v2 = extension<agoras_oauth_v2>(AGORAS_EXT_OAUTH_V2);
    if (v2 == nullptr) throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_OAUTH_V2);
    agoras_oauth_request_v2 raw{};
    raw.struct_size = sizeof raw;
    raw.authorize_url = request.authorize_url.c_str();
    raw.redirect = static_cast<std::uint32_t>(request.redirect);
    const bool host_port = AGORAS_HAS_FIELD(v2, agoras_oauth_v2, redirect_uri) && v2->redirect_uri != nullptr;
    raw.callback_port = request.callback_port != 0 || host_port ? request.callback_port : kLegacyCallbackPort;
    raw.callback_path = request.callback_path.c_str();
    raw.timeout_seconds = request.timeout_seconds != 0 || host_port ? request.timeout_seconds : 300;
    raw.pkce = request.pkce ? 1u : 0u;
    raw.no_browser = request.no_browser ? 1u : 0u;
    if (request.oauth1a) {
        if (!AGORAS_HAS_FIELD(v2, agoras_oauth_v2, protocols) || (v2->protocols & (1u << AGORAS_OAUTH_PROTOCOL_1A)) == 0) {
            throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not support OAuth 1.0a authorization");
        }
        raw.protocol = AGORAS_OAUTH_PROTOCOL_1A;
    }
    std::string json;
    call_v2([&](agoras_string_sink es, void* ec) {
        return v2->authorize(services_->context, &raw, &detail::append_to_string, &json, es, ec);
    });
    OAuthResult result;
    const Json parsed = Json::parse(json);
    for (const auto& [name, value] : parsed.members()) result.params[name] = value.text();
    for (const auto& [name, value] : result.params) {
        if (name == "code" || name == "code_verifier") register_secret(value);
    }
    return result;
}
inline std::string Host::oauth_authorize(const std::string& authorize_url, std::uint32_t callback_port,
                                        std::uint32_t timeout_seconds, bool no_browser) const {
    require(AGORAS_SDK_HAS_SERVICE(services_, oauth_authorize), "oauth_authorize");
    agoras_oauth_request raw{sizeof(agoras_oauth_request), authorize_url.c_str(), callback_port, timeout_seconds,
                             no_browser ? 1u : 0u};
    std::string code;
    call([&](agoras_error* e) {
        return services_->oauth_authorize(services_->context, &raw, &detail::append_to_string, &code, e);
    });
    return code;
}

}  // namespace agoras::sdk

#endif
