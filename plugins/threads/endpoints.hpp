// Where the Threads plugin sends its requests. The defaults are Meta's; the environment overrides
// them so that the sandbox (or a proxy) can stand in:
//   AGORAS_THREADS_GRAPH_URL      default https://graph.threads.net
//   AGORAS_THREADS_AUTHORIZE_URL  default https://threads.net/oauth/authorize
//   AGORAS_OAUTH_PORT             default 3456 (the redirect URI follows it)
#pragma once

#include <cstdint>
#include <string>

namespace agoras::threads {

struct Endpoints {
    std::string graph_url = "https://graph.threads.net";
    std::string authorize_url = "https://threads.net/oauth/authorize";
    std::uint16_t callback_port = 3456;

    std::string redirect_uri() const { return "https://localhost:" + std::to_string(callback_port) + "/callback"; }
    // Data endpoints are versioned; the token endpoints are not.
    std::string api(const std::string& path) const { return graph_url + "/v1.0/" + path; }
    std::string token_endpoint(const std::string& path) const { return graph_url + "/" + path; }
};

// Throws sdk::Error(AGORAS_ERR_USAGE) for an invalid AGORAS_OAUTH_PORT.
Endpoints endpoints_from_environment();

}  // namespace agoras::threads
