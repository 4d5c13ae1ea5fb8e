// The host's extensions by id: one table, one line per extension (plugins/extensions/).
#include "plugins/host_services.hpp"

#include "plugins/extensions/extensions.hpp"

#include <cstring>

namespace agoras::host::plugins {

const void* find_host_extension(const char* id) {
    struct Entry {
        const char* id;
        const void* table;
    };
    static const Entry kExtensions[] = {
        {AGORAS_EXT_HTTP_V2, &extensions::http_v2},
        {AGORAS_EXT_OAUTH_V2, &extensions::oauth_v2},
        {AGORAS_EXT_VAULT_V2, &extensions::vault_v2},
        {AGORAS_EXT_JOURNAL_V1, &extensions::journal_v1},
        {AGORAS_EXT_CACHE_V1, &extensions::cache_v1},
    };
    if (id == nullptr) return nullptr;
    for (const auto& extension : kExtensions) {
        if (std::strcmp(id, extension.id) == 0) return extension.table;
    }
    return nullptr;
}

}  // namespace agoras::host::plugins
