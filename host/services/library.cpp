// The entry point of libagoras-services.so: each area's interface by id, one line each (feeds are in
// libagoras-feeds.so, services/feeds_library.cpp; HTTP in libagoras-net.so, services/net_library.cpp).
#include "services/jq_api.hpp"
#include "services/library.hpp"
#include "services/state_api.hpp"
#include "services/vault_api.hpp"

#include <cstring>

namespace agoras::host::services {

VaultApi& vault_service();
StateApi& state_service();
JqApi& jq_service();

namespace {

void* find(const char* id) {
    struct Entry {
        const char* id;
        void* (*get)();
    };
    static const Entry kServices[] = {
        {VaultApi::kId, [] { return static_cast<void*>(&vault_service()); }},
        {StateApi::kId, [] { return static_cast<void*>(&state_service()); }},
        {JqApi::kId, [] { return static_cast<void*>(&jq_service()); }},
    };
    for (const auto& service : kServices) {
        if (id != nullptr && std::strcmp(id, service.id) == 0) return service.get();
    }
    return nullptr;
}

}  // namespace
}  // namespace agoras::host::services

extern "C" __attribute__((visibility("default"))) void* agoras_services_get_v2(const char* id) {
    return agoras::host::services::find(id);
}
