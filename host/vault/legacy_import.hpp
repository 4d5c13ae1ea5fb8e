// Imports the Python original's store: <dir>/.key (a Fernet key) and <dir>/tokens/<platform>-<id>.token
// (Fernet tokens of JSON objects). Prints one JSON line per token file; never modifies the old store.
#pragma once

#include "vault/vault.hpp"

#include <filesystem>

namespace agoras::host::vault {

// Returns the exit code: 0 when every token was imported or deliberately kept, non-zero otherwise.
int import_legacy_store(const std::filesystem::path& dir, VaultStore& vault, bool overwrite);

}  // namespace agoras::host::vault
