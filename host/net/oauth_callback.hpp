// What an OAuth redirect means, independent of how it arrived (loopback listener or pasted URL).
#pragma once

#include <map>
#include <optional>
#include <string>

namespace agoras::host::net {

std::map<std::string, std::string> parse_query(const std::string& query);

struct CallbackOutcome {
    // foreign: the state is missing or wrong, so the request is not the answer to this authorization
    // (a stale tab, or another local user forging one); the listener ignores it, a pasted URL fails.
    enum class Kind { code, failure, ignored, foreign } kind = Kind::ignored;
    std::string value;  // the code, or the failure message for the terminal
    std::map<std::string, std::string> params;  // every parameter of an accepted callback
};

// Which parameters a callback carries: OAuth 2.0's state, code and error, or OAuth 1.0a's oauth_token
// (the request token, checked as the state), oauth_verifier and denied=<request token>.
enum class CallbackProtocol { oauth2, oauth1a };

// `params` are the redirect's query parameters. The state is checked first, in constant time: an
// error or a code counts only with the right state. Meta's trailing "#_" is stripped from the code.
// An accepted OAuth 1.0a callback names its verifier "code" too.
CallbackOutcome interpret_callback(const std::map<std::string, std::string>& params, const std::string& expected_state,
                                   CallbackProtocol protocol = CallbackProtocol::oauth2);

// The query parameters of a URL pasted by the user (everything after '?', fragment removed).
std::map<std::string, std::string> query_of_url(const std::string& url);

}  // namespace agoras::host::net
