// Where the Threads plugin sends its requests. The defaults are Meta's; the environment overrides
// them so that the sandbox (or a proxy) can stand in (declared as settings, so `agoras threads
// --help` lists them):
//   AGORAS_THREADS_GRAPH_URL      default https://graph.threads.net
//   AGORAS_THREADS_AUTHORIZE_URL  default https://threads.net/oauth/authorize
//   AGORAS_OAUTH_PORT             default 3456 (the redirect URI follows it)
#pragma once

#include <graph_client.hpp>

#include <cstdint>
#include <string>

namespace agoras::threads {

constexpr const char* kGraphUrlVariable = "AGORAS_THREADS_GRAPH_URL";
constexpr const char* kAuthorizeUrlVariable = "AGORAS_THREADS_AUTHORIZE_URL";
constexpr const char* kOAuthPortVariable = "AGORAS_OAUTH_PORT";

struct Endpoints {
    meta::GraphEndpoint graph{"https://graph.threads.net", "v1.0"};
    std::string authorize_url = "https://threads.net/oauth/authorize";
    std::uint16_t callback_port = 3456;

    std::string redirect_uri() const { return "https://localhost:" + std::to_string(callback_port) + "/callback"; }
};

// Throws sdk::Error(AGORAS_ERR_USAGE) for an invalid AGORAS_OAUTH_PORT.
Endpoints endpoints_from_environment();

// How messages name Threads and where its app credentials are found.
const meta::GraphService& threads_service();

}  // namespace agoras::threads
