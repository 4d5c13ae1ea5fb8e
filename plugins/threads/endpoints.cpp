#include "endpoints.hpp"

#include <agoras/plugin.hpp>

namespace agoras::threads {

Endpoints endpoints_from_environment() {
    Endpoints endpoints;
    endpoints.graph.base_url = kGraphUrl.value();
    while (!endpoints.graph.base_url.empty() && endpoints.graph.base_url.back() == '/') endpoints.graph.base_url.pop_back();
    endpoints.authorize_url = kAuthorizeUrl.value();
    return endpoints;
}

const meta::GraphService& threads_service() {
    static const meta::GraphService service{"Threads", "threads",
                                            "App Dashboard > Use cases > Threads API > Settings), not the Facebook app's",
                                            true};
    return service;
}

}  // namespace agoras::threads
