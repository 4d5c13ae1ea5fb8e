#include "postgres/loader.hpp"

#include "postgres/library.hpp"
#include "status_error.hpp"

#include <dlfcn.h>

#include <filesystem>

namespace agoras::host::postgres {
namespace {

// The library's entry `symbol`, loading the library on first use (never closed: the stores live until
// the process ends).
void* entry(const char* symbol, const char* variable) {
    static void* const handle = [variable] {
        Dl_info self{};
        if (dladdr(reinterpret_cast<void*>(&open_postgres_state), &self) == 0 || self.dli_fname == nullptr) {
            throw StatusError(AGORAS_ERR_GENERIC, "cannot tell where the agoras services library lies");
        }
        const std::string path = (std::filesystem::path(self.dli_fname).parent_path() / kLibraryName).string();
        void* loaded = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (loaded == nullptr) {
            const char* why = dlerror();
            throw StatusError(AGORAS_ERR_GENERIC, std::string(variable) + " needs " + path + ", which cannot be loaded (" +
                                                      (why != nullptr ? why : "unknown error") + ")");
        }
        return loaded;
    }();
    void* found = dlsym(handle, symbol);
    if (found == nullptr) throw StatusError(AGORAS_ERR_GENERIC, std::string(kLibraryName) + " lacks " + symbol);
    return found;
}

template <typename Made, typename Open>
std::unique_ptr<Made> open_with(const char* symbol, const char* variable, const std::string& url) {
    const auto open = reinterpret_cast<Open>(entry(symbol, variable));
    int status = AGORAS_ERR_STORAGE;
    char message[1024] = {};
    Made* made = open(url.c_str(), &status, message, sizeof message);
    if (made == nullptr) throw StatusError(static_cast<agoras_status>(status), message);
    return std::unique_ptr<Made>(made);
}

}  // namespace

std::unique_ptr<state::Store> open_postgres_state(const std::string& url) {
    return open_with<state::Store, agoras_postgres_open_state_fn>(kOpenStateSymbol, "AGORAS_STATE_URL", url);
}

std::unique_ptr<vault::VaultStore> open_postgres_vault(const std::string& url) {
    return open_with<vault::VaultStore, agoras_postgres_open_vault_fn>(kOpenVaultSymbol, "AGORAS_VAULT_URL", url);
}

}  // namespace agoras::host::postgres
