// The entry point of libagoras-postgres.so, which only a process given AGORAS_STATE_URL loads, so
// that libpq and its libraries cost nothing to everyone else.
#include "postgres/library.hpp"

#include "postgres/pg_state_store.hpp"
#include "postgres/pg_vault.hpp"
#include "status_error.hpp"

#include <exception>

namespace {

// Makes a `Made` from `url`; failures become a status and a message.
template <typename Made>
Made* make(const char* url, int* status, char* message, unsigned long message_size) {
    try {
        return new Made(url != nullptr ? url : "");
    } catch (const agoras::host::StatusError& e) {
        *status = e.status();
        std::snprintf(message, message_size, "%s", e.what());
    } catch (const std::exception& e) {
        *status = AGORAS_ERR_STORAGE;
        std::snprintf(message, message_size, "%s", e.what());
    }
    return nullptr;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) agoras::host::state::Store* agoras_postgres_open_state(
    const char* url, int* status, char* message, unsigned long message_size) {
    return make<agoras::host::postgres::PgStateStore>(url, status, message, message_size);
}

extern "C" __attribute__((visibility("default"))) agoras::host::vault::VaultStore* agoras_postgres_open_vault(
    const char* url, int* status, char* message, unsigned long message_size) {
    return make<agoras::host::postgres::PgVault>(url, status, message, message_size);
}
