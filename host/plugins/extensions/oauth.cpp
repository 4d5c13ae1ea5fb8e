#include "plugins/extensions/extensions.hpp"

#include "core/environment.hpp"
#include "log/redactor.hpp"
#include "net/oauth_flow.hpp"
#include "plugins/service_calls.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <chrono>

namespace agoras::host::plugins::extensions {
namespace {

// Where the callback listens: the plugin's redirect kind and path, on the port it names or else the
// host's (AGORAS_OAUTH_PORT).
net::OAuthRequest callback_of(std::uint32_t redirect, std::uint32_t port, const char* path) {
    net::OAuthRequest oauth;
    switch (redirect) {
    case AGORAS_OAUTH_HTTPS_LOOPBACK: oauth.redirect = net::OAuthRequest::Redirect::https_loopback; break;
    case AGORAS_OAUTH_HTTP_LOOPBACK: oauth.redirect = net::OAuthRequest::Redirect::http_loopback; break;
    case AGORAS_OAUTH_OUT_OF_BAND: oauth.redirect = net::OAuthRequest::Redirect::out_of_band; break;
    default: throw StatusError(AGORAS_ERR_PLUGIN, "unknown OAuth redirect kind from the plugin");
    }
    if (port > 65535) throw StatusError(AGORAS_ERR_PLUGIN, "OAuth request without a valid callback port");
    oauth.callback_port = port == 0 ? core::oauth_port() : static_cast<std::uint16_t>(port);
    if (path != nullptr && *path != '\0') {
        oauth.callback_path = path;
        if (oauth.callback_path.front() != '/' || oauth.callback_path.find_first_of("?# ") != std::string::npos) {
            throw StatusError(AGORAS_ERR_PLUGIN, "OAuth callback path must be an absolute path");
        }
    }
    return oauth;
}

agoras_status oauth_authorize(void*, const agoras_oauth_request_v2* request, agoras_string_sink result_sink,
                              void* result_context, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (request == nullptr || !AGORAS_HAS_FIELD(request, agoras_oauth_request_v2, no_browser) ||
            result_sink == nullptr) {
            throw StatusError(AGORAS_ERR_PLUGIN, "malformed OAuth request from the plugin");
        }
        net::OAuthRequest oauth = callback_of(request->redirect, request->callback_port, request->callback_path);
        oauth.authorize_url = text_or_empty(request->authorize_url);
        // The plugin's --timeout, else AGORAS_OAUTH_TIMEOUT, else 300 s.
        if (request->timeout_seconds > 0) {
            oauth.timeout = std::chrono::seconds(request->timeout_seconds);
        } else if (const auto configured = core::oauth_timeout_seconds()) {
            oauth.timeout = std::chrono::seconds(*configured);
        }
        oauth.no_browser = request->no_browser != 0;
        oauth.pkce = request->pkce != 0;
        if (AGORAS_HAS_FIELD(request, agoras_oauth_request_v2, protocol) && request->protocol != AGORAS_OAUTH_PROTOCOL_2) {
            if (request->protocol != AGORAS_OAUTH_PROTOCOL_1A || oauth.pkce) {
                throw StatusError(AGORAS_ERR_PLUGIN, "unknown OAuth protocol (or PKCE with OAuth 1.0a) from the plugin");
            }
            oauth.oauth1a = true;
        }
        net::OAuthGrant grant;
        services::check(services::net().oauth_authorize(oauth, grant));
        Json result = Json::object();
        for (const auto& [name, value] : grant) {
            if (name == "code" || name == "code_verifier") log::add_secret(value);
            result.set(name, value);
        }
        const std::string text = result.serialize();
        result_sink(result_context, text.data(), text.size());
    });
}

agoras_status oauth_redirect_uri(void*, uint32_t redirect, const char* callback_path, agoras_string_sink sink,
                                 void* sink_context, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (sink == nullptr) throw StatusError(AGORAS_ERR_PLUGIN, "the plugin passed no sink");
        const std::string uri = net::redirect_uri_of(callback_of(redirect, 0, callback_path));
        sink(sink_context, uri.data(), uri.size());
    });
}

}  // namespace

const agoras_oauth_v2 oauth_v2{sizeof(agoras_oauth_v2), &oauth_authorize, &oauth_redirect_uri,
                               (1u << AGORAS_OAUTH_PROTOCOL_2) | (1u << AGORAS_OAUTH_PROTOCOL_1A)};

}  // namespace agoras::host::plugins::extensions
