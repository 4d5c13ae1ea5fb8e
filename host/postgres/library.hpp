// What libagoras-postgres.so exports (dlopen'ed by postgres/loader.cpp): C entries that make the
// PostgreSQL state store and vault, reporting failure as a status and a message (no exception crosses them).
#pragma once

#include "state/store.hpp"
#include "vault/vault_store.hpp"

#include <cstdio>

extern "C" {
typedef agoras::host::state::Store* (*agoras_postgres_open_state_fn)(const char* url, int* status, char* message,
                                                                      unsigned long message_size);
typedef agoras::host::vault::VaultStore* (*agoras_postgres_open_vault_fn)(const char* url, int* status, char* message,
                                                                          unsigned long message_size);
}

namespace agoras::host::postgres {
constexpr const char* kOpenStateSymbol = "agoras_postgres_open_state";
constexpr const char* kOpenVaultSymbol = "agoras_postgres_open_vault";
constexpr const char* kLibraryName = "libagoras-postgres.so";
}  // namespace agoras::host::postgres
