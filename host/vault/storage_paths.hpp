// Where agoras keeps its state: $AGORAS_STORAGE_DIR, else ~/.agoras (the original's layout).
//   <base>/vault.key              32-byte key, base64 (unless $AGORAS_VAULT_KEY is set)
//   <base>/tokens/vault.sqlite3   the encrypted vault
//   <base>/.key, <base>/tokens/<platform>-<identifier>.token   the Python original's store (import only)
#pragma once

#include <filesystem>

namespace agoras::host::vault {

struct StoragePaths {
    std::filesystem::path base;
    std::filesystem::path tokens_dir;
    std::filesystem::path database;
    std::filesystem::path key_file;
};

StoragePaths storage_paths_for(const std::filesystem::path& base);
// Throws StatusError(AGORAS_ERR_STORAGE) when neither AGORAS_STORAGE_DIR nor HOME is set.
StoragePaths default_storage_paths();

}  // namespace agoras::host::vault
