// The entry point of libagoras-feeds.so: the feed parser (libxml2), apart from the other services so that only
// feed-publish loads it.
#include "services/feeds_api.hpp"
#include "services/library.hpp"

#include <cstring>

namespace agoras::host::services {
FeedsApi& feeds_service();
}  // namespace agoras::host::services

extern "C" __attribute__((visibility("default"))) void* agoras_services_get_v2(const char* id) {
    using agoras::host::services::FeedsApi;
    return id != nullptr && std::strcmp(id, FeedsApi::kId) == 0 ? &agoras::host::services::feeds_service() : nullptr;
}
