#include "net/oauth_callback.hpp"

#include <agoras/sdk/url.hpp>

#include <openssl/crypto.h>

namespace agoras::host::net {
namespace {


bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::map<std::string, std::string> parse_query(const std::string& query) {
    std::map<std::string, std::string> params;
    for (auto& [name, value] : sdk::decode_params(query)) params.emplace(std::move(name), std::move(value));  // first wins
    return params;
}

std::map<std::string, std::string> query_of_url(const std::string& url) {
    const auto question = url.find('?');
    if (question == std::string::npos) return {};
    const auto hash = url.find('#', question);
    return parse_query(url.substr(question + 1, hash == std::string::npos ? std::string::npos : hash - question - 1));
}

CallbackOutcome interpret_callback(const std::map<std::string, std::string>& params, const std::string& expected_state,
                                   CallbackProtocol protocol) {
    const auto get = [&](const char* name) -> std::string {
        const auto it = params.find(name);
        return it == params.end() ? "" : it->second;
    };
    const bool oauth1a = protocol == CallbackProtocol::oauth1a;
    const char* const code_name = oauth1a ? "oauth_verifier" : "code";
    const char* const refusal_name = oauth1a ? "denied" : "error";
    if (params.count(refusal_name) == 0 && params.count(code_name) == 0) {
        return {CallbackOutcome::Kind::ignored, "no code in the callback", {}};
    }
    // OAuth 1.0a's refusal carries the request token as its value, in place of oauth_token.
    const std::string state = oauth1a ? (params.count("denied") > 0 ? get("denied") : get("oauth_token")) : get("state");
    if (!same_secret(state, expected_state)) {
        return {CallbackOutcome::Kind::foreign,
                "the callback's state does not match this authorization (a stale or forged redirect); run the command again",
                {}};
    }
    if (params.count(refusal_name) > 0) {
        std::string message = "authorization was refused";
        if (!oauth1a) message += ": " + get("error");
        if (!get("error_description").empty()) message += " (" + get("error_description") + ")";
        return {CallbackOutcome::Kind::failure, message, {}};
    }
    std::string code = get(code_name);
    if (code.size() >= 2 && code.compare(code.size() - 2, 2, "#_") == 0) code.resize(code.size() - 2);
    if (code.empty()) return {CallbackOutcome::Kind::failure, "the callback carried an empty code", {}};
    CallbackOutcome accepted{CallbackOutcome::Kind::code, code, params};
    accepted.params["code"] = code;
    return accepted;
}

}  // namespace agoras::host::net
