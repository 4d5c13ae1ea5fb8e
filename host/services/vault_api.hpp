// The token vault (SQLite, OpenSSL), in libagoras-services.so (vault/vault.hpp).
#pragma once

#include "services/outcome.hpp"
#include "vault/record.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::services {

// Called with the current record while the vault's write lock is held; sets `next` to the fields to
// store (or leaves it empty to keep the record) and returns a failure to abort without writing.
using VaultChange = std::function<Outcome(const std::optional<vault::Record>& current, std::optional<vault::Fields>& next)>;

class VaultApi {
public:
    static constexpr const char* kId = "vault/1";
    virtual ~VaultApi() = default;

    virtual Outcome list(const std::optional<std::string>& platform, std::vector<vault::RecordInfo>& out) = 0;
    virtual Outcome get(const std::string& platform, const std::string& identifier, std::optional<vault::Record>& out) = 0;
    virtual Outcome put(const std::string& platform, const std::string& identifier, const vault::Fields& fields,
                        std::optional<std::int64_t> expires_at) = 0;
    virtual Outcome remove(const std::string& platform, const std::string& identifier, bool& existed) = 0;
    virtual Outcome update(const std::string& platform, const std::string& identifier, const VaultChange& change,
                           std::optional<std::int64_t> expires_at) = 0;
    virtual Outcome get_default(const std::string& platform, std::string& identifier) = 0;
    virtual Outcome set_default(const std::string& platform, const std::string& identifier) = 0;
    // Imports the Python original's store from `from` (default: the storage directory), printing
    // one JSON line per token file; `exit_code` 0 when every file was imported or kept.
    virtual Outcome import_legacy(const std::optional<std::string>& from, bool overwrite, int& exit_code) = 0;
    // Copies every record of this machine's vault file (and its default accounts) into the shared
    // vault of AGORAS_VAULT_URL; `copied` gets platform/identifier of each, `kept` those left as they were.
    virtual Outcome copy_to_shared(bool overwrite, std::vector<vault::RecordInfo>& copied,
                                   std::vector<vault::RecordInfo>& kept) = 0;
    // From now on, a vault file that does not exist yet is not created: what the process writes is kept in
    // memory and gone when it exits (auth status --check, which must not leave a vault behind).
    virtual void keep_new_vault_in_memory() = 0;
};

}  // namespace agoras::host::services
