#include "endpoints.hpp"

#include <agoras/plugin.hpp>

#include <cstdlib>

namespace agoras::threads {

Endpoints endpoints_from_environment() {
    Endpoints endpoints;
    auto env = [](const char* name) -> std::string {
        const char* value = std::getenv(name);
        return value != nullptr ? value : "";
    };
    if (auto graph = env(kGraphUrlVariable); !graph.empty()) {
        while (!graph.empty() && graph.back() == '/') graph.pop_back();
        endpoints.graph.base_url = graph;
    }
    if (auto authorize = env(kAuthorizeUrlVariable); !authorize.empty()) endpoints.authorize_url = authorize;
    return endpoints;
}

const meta::GraphService& threads_service() {
    static const meta::GraphService service{"Threads", "threads",
                                            "App Dashboard > Use cases > Threads API > Settings), not the Facebook app's",
                                            true};
    return service;
}

}  // namespace agoras::threads
