#include "state/postgres_loader.hpp"

#include "postgres/library.hpp"
#include "status_error.hpp"

#include <dlfcn.h>

#include <filesystem>

namespace agoras::host::state {

std::unique_ptr<Store> open_postgres_state(const std::string& url) {
    Dl_info self{};
    if (dladdr(reinterpret_cast<void*>(&open_postgres_state), &self) == 0 || self.dli_fname == nullptr) {
        throw StatusError(AGORAS_ERR_GENERIC, "cannot tell where the agoras services library lies");
    }
    const std::string path = (std::filesystem::path(self.dli_fname).parent_path() / postgres::kLibraryName).string();
    // Never closed: the store lives until the process ends.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        throw StatusError(AGORAS_ERR_GENERIC, "AGORAS_STATE_URL needs " + path + ", which cannot be loaded (" +
                                                  (why != nullptr ? why : "unknown error") + ")");
    }
    auto open = reinterpret_cast<agoras_postgres_open_state_fn>(dlsym(handle, postgres::kOpenStateSymbol));
    if (open == nullptr) throw StatusError(AGORAS_ERR_GENERIC, path + " is not agoras's PostgreSQL library");
    int status = AGORAS_ERR_STORAGE;
    char message[1024] = {};
    Store* store = open(url.c_str(), &status, message, sizeof message);
    if (store == nullptr) throw StatusError(static_cast<agoras_status>(status), message);
    return std::unique_ptr<Store>(store);
}

}  // namespace agoras::host::state
