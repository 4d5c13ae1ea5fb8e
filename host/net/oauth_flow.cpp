#include "net/oauth_flow.hpp"

#include "net/browser.hpp"
#include "net/callback_listener.hpp"
#include "net/oauth_callback.hpp"
#include "status_error.hpp"
#include "vault/crypto.hpp"

#include <iostream>

namespace agoras::host::net {
namespace {

std::string random_state() {
    std::string state = vault::crypto::base64_encode(vault::crypto::random_bytes(32));
    for (char& c : state) c = c == '+' ? '-' : c == '/' ? '_' : c;
    while (!state.empty() && state.back() == '=') state.pop_back();
    return state;
}

std::string finish(const CallbackOutcome& outcome) {
    if (outcome.kind != CallbackOutcome::Kind::code) throw StatusError(AGORAS_ERR_AUTH, outcome.value);
    return outcome.value;
}

std::string from_pasted_url(const std::string& url, const std::string& state) {
    std::cerr << "Open this URL in any browser and authorize agoras:\n\n  " << url
              << "\n\nThe browser then fails to load a https://localhost... page; that is expected.\n"
                 "Paste the full address of that page here and press Enter:\n";
    std::string pasted;
    if (!std::getline(std::cin, pasted) || pasted.find_first_not_of(" \t\r") == std::string::npos) {
        throw StatusError(AGORAS_ERR_AUTH, "no redirect URL was pasted; run the command again");
    }
    const auto outcome = interpret_callback(query_of_url(pasted), state);
    if (outcome.kind == CallbackOutcome::Kind::ignored) {
        throw StatusError(AGORAS_ERR_AUTH, "the pasted URL carries no authorization code");
    }
    return finish(outcome);
}

}  // namespace

std::string obtain_authorization_code(const OAuthRequest& request) {
    const std::string state = random_state();
    const std::string url = request.authorize_url + (request.authorize_url.find('?') == std::string::npos ? "?" : "&") +
                            "state=" + state;
    if (request.no_browser) return from_pasted_url(url, state);

    CallbackListener listener(request.callback_port, state);  // listening before the browser opens
    std::cerr << "Opening the browser to authorize agoras. If it does not open, visit:\n\n  " << url
              << "\n\nWaiting up to " << request.timeout.count() << " s for the redirect to https://localhost:"
              << request.callback_port << "/callback (accept the browser's warning about the self-signed "
                                          "certificate)...\n";
    if (!open_in_browser(url)) std::cerr << "Could not start a browser; open the URL above by hand.\n";
    const auto outcome = listener.wait_until(std::chrono::steady_clock::now() + request.timeout);
    if (!outcome) {
        throw StatusError(AGORAS_ERR_AUTH, "no authorization arrived within " + std::to_string(request.timeout.count()) +
                                               " s; run the command again (or use --no-browser on a machine without one)");
    }
    return finish(*outcome);
}

}  // namespace agoras::host::net
