#include "vault/storage_paths.hpp"

#include "status_error.hpp"

#include <cstdlib>

namespace agoras::host::vault {

StoragePaths storage_paths_for(const std::filesystem::path& base) {
    return {base, base / "tokens", base / "tokens" / "vault.sqlite3", base / "vault.key"};
}

StoragePaths default_storage_paths() {
    const char* configured = std::getenv("AGORAS_STORAGE_DIR");
    const char* home = std::getenv("HOME");
    if (configured != nullptr && *configured != '\0') {
        std::string dir(configured);
        if (dir.rfind("~/", 0) == 0 && home != nullptr) dir = std::string(home) + dir.substr(1);
        return storage_paths_for(std::filesystem::absolute(dir));
    }
    if (home == nullptr || *home == '\0') {
        throw StatusError(AGORAS_ERR_STORAGE, "cannot locate the token vault: set AGORAS_STORAGE_DIR or HOME");
    }
    return storage_paths_for(std::filesystem::path(home) / ".agoras");
}

}  // namespace agoras::host::vault
