// Where the Threads plugin sends its requests. The defaults are Meta's; the environment overrides
// them so that the sandbox (or a proxy) can stand in (declared as settings, so `agoras threads
// --help` lists them):
//   AGORAS_THREADS_GRAPH_URL      default https://graph.threads.net
//   AGORAS_THREADS_AUTHORIZE_URL  default https://threads.net/oauth/authorize
// The OAuth callback's port is the host's (AGORAS_OAUTH_PORT; Host::oauth_redirect_uri).
#pragma once

#include <graph_client.hpp>

#include <cstdint>
#include <string>

namespace agoras::threads {

constexpr const char* kGraphUrlVariable = "AGORAS_THREADS_GRAPH_URL";
constexpr const char* kAuthorizeUrlVariable = "AGORAS_THREADS_AUTHORIZE_URL";

struct Endpoints {
    meta::GraphEndpoint graph{"https://graph.threads.net", "v1.0"};
    std::string authorize_url = "https://threads.net/oauth/authorize";
};

Endpoints endpoints_from_environment();

// How messages name Threads and where its app credentials are found.
const meta::GraphService& threads_service();

}  // namespace agoras::threads
