// What libagoras-postgres.so exports (dlopen'ed by state/postgres_loader.cpp): a C entry that makes
// the PostgreSQL state store, reporting failure as a status and a message (no exception crosses it).
#pragma once

#include "state/store.hpp"

#include <cstdio>

extern "C" {
typedef agoras::host::state::Store* (*agoras_postgres_open_state_fn)(const char* url, int* status, char* message,
                                                                      unsigned long message_size);
}

namespace agoras::host::postgres {
constexpr const char* kOpenStateSymbol = "agoras_postgres_open_state";
constexpr const char* kLibraryName = "libagoras-postgres.so";
}  // namespace agoras::host::postgres
