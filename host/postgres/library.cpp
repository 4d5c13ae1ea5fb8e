// The entry point of libagoras-postgres.so, which only a process given AGORAS_STATE_URL loads, so
// that libpq and its libraries cost nothing to everyone else.
#include "postgres/library.hpp"

#include "postgres/pg_state_store.hpp"
#include "status_error.hpp"

#include <exception>

extern "C" __attribute__((visibility("default"))) agoras::host::state::Store* agoras_postgres_open_state(
    const char* url, int* status, char* message, unsigned long message_size) {
    try {
        return new agoras::host::postgres::PgStateStore(url != nullptr ? url : "");
    } catch (const agoras::host::StatusError& e) {
        *status = e.status();
        std::snprintf(message, message_size, "%s", e.what());
    } catch (const std::exception& e) {
        *status = AGORAS_ERR_STORAGE;
        std::snprintf(message, message_size, "%s", e.what());
    }
    return nullptr;
}
