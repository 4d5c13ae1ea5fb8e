// The entry point of libagoras-net.so: HTTP, the OAuth listener and Google's JWTs (OpenSSL), apart from the
// vault and the state store so that a post with credentials from the environment never loads SQLite.
#include "services/library.hpp"
#include "services/net_api.hpp"

#include <cstring>

namespace agoras::host::services {
NetApi& net_service();
}  // namespace agoras::host::services

extern "C" __attribute__((visibility("default"))) void* agoras_services_get_v2(const char* id) {
    using agoras::host::services::NetApi;
    return id != nullptr && std::strcmp(id, NetApi::kId) == 0 ? &agoras::host::services::net_service() : nullptr;
}
