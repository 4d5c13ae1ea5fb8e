#include "net/oauth_flow.hpp"

#include "net/browser.hpp"
#include "net/callback_listener.hpp"
#include "net/oauth_callback.hpp"
#include "status_error.hpp"
#include "core/crypto.hpp"

#include <agoras/sdk/encoding.hpp>

#include <agoras/sdk/url.hpp>

#include <openssl/evp.h>

#include <iostream>

namespace agoras::host::net {
namespace {

std::string base64url(const core::crypto::Bytes& bytes) {
    return sdk::base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string random_token() { return base64url(core::crypto::random_bytes(32)); }

OAuthGrant finish(const CallbackOutcome& outcome) {
    if (outcome.kind != CallbackOutcome::Kind::code) throw StatusError(AGORAS_ERR_AUTH, outcome.value);
    return outcome.params;
}

std::string read_line(const std::string& missing) {
    std::string line;
    if (!std::getline(std::cin, line) || line.find_first_not_of(" \t\r") == std::string::npos) {
        throw StatusError(AGORAS_ERR_AUTH, missing);
    }
    const auto first = line.find_first_not_of(" \t\r");
    return line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
}

OAuthGrant from_pasted_url(const std::string& url, const std::string& state, CallbackProtocol protocol) {
    std::cerr << "Open this URL in any browser and authorize agoras:\n\n  " << url
              << "\n\nThe browser then fails to load a http(s)://localhost... page; that is expected.\n"
                 "Paste the full address of that page here and press Enter:\n";
    const auto outcome = interpret_callback(query_of_url(read_line("no redirect URL was pasted; run the command again")),
                                            state, protocol);
    if (outcome.kind == CallbackOutcome::Kind::ignored) {
        throw StatusError(AGORAS_ERR_AUTH, "the pasted URL carries no authorization code");
    }
    return finish(outcome);
}

OAuthGrant from_displayed_code(const std::string& url) {
    std::cerr << "Open this URL in any browser and authorize agoras:\n\n  " << url
              << "\n\nThe page then shows an authorization code (or PIN). Paste it, or the address of a page that\n"
                 "carries it (…?code=…), here and press Enter:\n";
    std::string code = read_line("no authorization code was pasted; run the command again");
    // A whole address (an instance that redirects even out of band, or a copied link): its code parameter.
    if (code.find("://") != std::string::npos || code.rfind('?', 0) == 0) {
        const auto params = query_of_url(code);
        if (params.count("error") > 0) {
            throw StatusError(AGORAS_ERR_AUTH, "the authorization was refused (" + params.at("error") + ")");
        }
        const auto found = params.find("code");
        if (found == params.end()) throw StatusError(AGORAS_ERR_AUTH, "the pasted address carries no authorization code");
        code = found->second;
    }
    if (code.empty() || code.find_first_of(" \t&?#") != std::string::npos) {
        throw StatusError(AGORAS_ERR_AUTH, "that does not look like an authorization code; run the command again");
    }
    return {{"code", code}};
}

}  // namespace

std::string pkce_challenge(const std::string& verifier) {
    core::crypto::Bytes digest(32);
    unsigned int size = 0;
    if (EVP_Digest(verifier.data(), verifier.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 || size != 32) {
        throw StatusError(AGORAS_ERR_GENERIC, "SHA-256 failed");
    }
    return base64url(digest);
}

namespace {

// What the plugin also needs back: the redirect URI used, and the PKCE verifier.
OAuthGrant with_request_fields(OAuthGrant grant, const OAuthRequest& request, const std::string& verifier) {
    grant["redirect_uri"] = redirect_uri_of(request);
    if (request.pkce) grant["code_verifier"] = verifier;
    return grant;
}

}  // namespace

namespace {

// OAuth 1.0a's state: the request token the plugin put in the authorize URL.
std::string request_token_of(const std::string& authorize_url) {
    const auto params = query_of_url(authorize_url);
    const auto token = params.find("oauth_token");
    if (token == params.end() || token->second.empty()) {
        throw StatusError(AGORAS_ERR_PLUGIN, "an OAuth 1.0a authorize URL must name its oauth_token");
    }
    return token->second;
}

}  // namespace

OAuthGrant authorize(const OAuthRequest& request) {
    const CallbackProtocol protocol = request.oauth1a ? CallbackProtocol::oauth1a : CallbackProtocol::oauth2;
    std::string state, verifier, url = request.authorize_url;
    if (request.oauth1a) {
        state = request_token_of(url);
    } else {
        state = random_token();
        sdk::Params added{{"state", state}};
        if (request.pkce) {
            verifier = random_token();  // 43 characters of the unreserved set, as RFC 7636 asks
            added.emplace_back("code_challenge", pkce_challenge(verifier));
            added.emplace_back("code_challenge_method", "S256");
        }
        url = sdk::with_query(request.authorize_url, added);
    }

    OAuthGrant grant;
    if (request.redirect == OAuthRequest::Redirect::out_of_band) {
        grant = from_displayed_code(url);
    } else if (request.no_browser) {
        grant = from_pasted_url(url, state, protocol);
    } else if (!browser_available()) {
        // A server, a container, an SSH session: waiting for a browser that cannot open helps nobody.
        std::cerr << "No browser can be opened here (no BROWSER, DISPLAY or WAYLAND_DISPLAY): paste mode, as with "
                     "--no-browser.\n";
        grant = from_pasted_url(url, state, protocol);
    } else {
        ListenerSettings settings;
        settings.path = request.callback_path;
        const bool tls = request.redirect == OAuthRequest::Redirect::https_loopback;
        CallbackListener listener(request.callback_port, state, tls, settings, protocol);  // listening before the browser opens
        std::cerr << "Opening the browser to authorize agoras. If it does not open, visit:\n\n  " << url
                  << "\n\nWaiting up to " << request.timeout.count() << " s for the redirect to "
                  << redirect_uri_of(request)
                  << (tls ? " (accept the browser's warning about the self-signed certificate)" : "") << "...\n";
        if (!open_in_browser(url)) {
            std::cerr << "The browser could not be started: paste mode, as with --no-browser.\n";
            return with_request_fields(from_pasted_url(url, state, protocol), request, verifier);
        }
        const auto outcome = listener.wait_until(std::chrono::steady_clock::now() + request.timeout);
        if (!outcome) {
            throw StatusError(AGORAS_ERR_AUTH, "no authorization arrived within " +
                                                   std::to_string(request.timeout.count()) +
                                                   " s; run the command again (or use --no-browser on a machine "
                                                   "without one)");
        }
        grant = finish(*outcome);
    }
    return with_request_fields(std::move(grant), request, verifier);
}

}  // namespace agoras::host::net
