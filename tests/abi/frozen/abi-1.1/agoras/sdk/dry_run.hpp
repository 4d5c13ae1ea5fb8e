// --dry-run, the same everywhere: each request that would be sent becomes one result line
// {"dry_run": true, "method", "url", "body"}, with the values of credential parameters replaced by
// [REDACTED] (structurally: by name, whatever their length), and nothing is sent.
#ifndef AGORAS_SDK_DRY_RUN_HPP
#define AGORAS_SDK_DRY_RUN_HPP

#include <agoras/json.hpp>
#include <agoras/sdk/url.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace agoras::sdk {

// Parameters whose values are credentials everywhere.
inline const std::vector<std::string>& default_secret_params() {
    static const std::vector<std::string> names = {"access_token", "client_secret", "code", "code_verifier",
                                                   "refresh_token", "password", "fb_exchange_token"};
    return names;
}

inline Params redacted_params(const Params& params, const std::vector<std::string>& secret_names = default_secret_params()) {
    Params out = params;
    for (auto& [name, value] : out) {
        if (std::find(secret_names.begin(), secret_names.end(), name) != secret_names.end()) value = "[REDACTED]";
    }
    return out;
}

// The line --dry-run prints for a request with `query` in the URL and `form` as an urlencoded body.
inline Json dry_run_request(const std::string& method, const std::string& url, const Params& query, const Params& form,
                            const std::vector<std::string>& secret_names = default_secret_params()) {
    Json line = Json::object();
    line.set("dry_run", true).set("method", method).set("url", with_query(url, redacted_params(query, secret_names)));
    if (!form.empty()) line.set("body", encode_params(redacted_params(form, secret_names)));
    return line;
}

}  // namespace agoras::sdk

#endif
