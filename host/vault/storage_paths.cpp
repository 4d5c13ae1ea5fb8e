#include "vault/storage_paths.hpp"

#include "core/environment.hpp"

#include "status_error.hpp"

#include <cstdlib>

namespace agoras::host::vault {

StoragePaths storage_paths_for(const std::filesystem::path& base) {
    return {base, base / "tokens", base / "tokens" / "vault.sqlite3", base / "vault.key"};
}

StoragePaths default_storage_paths() {
    const auto configured = core::env("AGORAS_STORAGE_DIR");
    const auto home = core::env("HOME");
    if (configured) {
        std::string dir = *configured;
        if (dir.rfind("~/", 0) == 0 && home) dir = *home + dir.substr(1);
        return storage_paths_for(std::filesystem::absolute(dir));
    }
    if (!home) throw StatusError(AGORAS_ERR_STORAGE, "cannot locate the token vault: set AGORAS_STORAGE_DIR or HOME");
    return storage_paths_for(std::filesystem::path(*home) / ".agoras");
}

}  // namespace agoras::host::vault
