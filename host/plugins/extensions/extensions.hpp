// The host's extensions (agoras.http/2, agoras.oauth/2, agoras.vault/2, agoras.journal/1, agoras.cache/1): one file
// each, holding its table of functions; host_extensions.cpp looks them up by id. Each function takes
// the calling run's ServiceContext.
#pragma once

#include "plugins/host_services.hpp"

namespace agoras::host::plugins::extensions {

inline ServiceContext& run_of(void* context) { return *static_cast<ServiceContext*>(context); }

extern const agoras_http_v2 http_v2;
extern const agoras_oauth_v2 oauth_v2;
extern const agoras_vault_v2 vault_v2;
extern const agoras_journal_v1 journal_v1;
extern const agoras_cache_v1 cache_v1;

}  // namespace agoras::host::plugins::extensions
