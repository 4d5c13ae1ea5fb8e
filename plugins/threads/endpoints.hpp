// Where the Threads plugin sends its requests. The defaults are Meta's; the environment overrides
// them so that the sandbox (or a proxy) can stand in (declared as settings, so `agoras threads
// --help` lists them):
//   AGORAS_THREADS_GRAPH_URL      default https://graph.threads.net
//   AGORAS_THREADS_AUTHORIZE_URL  default https://threads.net/oauth/authorize
// The OAuth callback's port is the host's (AGORAS_OAUTH_PORT; Host::oauth_redirect_uri).
#pragma once

#include <graph_client.hpp>

#include <agoras/sdk/declarations.hpp>

#include <cstdint>
#include <string>

namespace agoras::threads {

inline constexpr sdk::Setting kGraphUrl{"AGORAS_THREADS_GRAPH_URL", "base URL of the Threads Graph API (the sandbox, say)",
                                        "https://graph.threads.net"};
// The original's image variables for `threads post`, read when no --image is given.
inline constexpr sdk::Setting kStatusImageUrls[] = {{"STATUS_IMAGE_URL_1", "threads post: an image when --image is not given"},
                                                    {"STATUS_IMAGE_URL_2", "threads post: a second image"},
                                                    {"STATUS_IMAGE_URL_3", "threads post: a third image"},
                                                    {"STATUS_IMAGE_URL_4", "threads post: a fourth image"}};
inline constexpr sdk::Setting kAuthorizeUrl{"AGORAS_THREADS_AUTHORIZE_URL", "Threads' OAuth authorize page",
                                            "https://threads.net/oauth/authorize"};

struct Endpoints {
    meta::GraphEndpoint graph{kGraphUrl.default_value, "v1.0"};
    std::string authorize_url = kAuthorizeUrl.default_value;
};

Endpoints endpoints_from_environment();

// How messages name Threads and where its app credentials are found.
const meta::GraphService& threads_service();

}  // namespace agoras::threads
