// The encrypted token vault: one SQLite database (WAL, busy timeout, every write in a transaction)
// whose records hold AES-256-GCM-sealed fields bound to their platform and identifier.
//
// Nothing is created until something is written; a damaged database, a wrong or missing key or a
// tampered record is reported (StatusError, AGORAS_ERR_STORAGE) and never repaired or overwritten.
#pragma once

#include "vault/names.hpp"
#include "vault/record.hpp"
#include "vault/storage_paths.hpp"
#include "vault/vault_store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace agoras::host::vault {

class Vault final : public VaultStore {
public:
    explicit Vault(StoragePaths paths);
    ~Vault() override;
    Vault(const Vault&) = delete;
    Vault& operator=(const Vault&) = delete;

    const StoragePaths& paths() const { return paths_; }
    // When the vault file does not exist when it is first needed, it is made in memory (with a key of its own)
    // instead of on disk: written and read by this process, never stored.
    void stay_in_memory_if_absent() { memory_if_absent_ = true; }

    std::vector<RecordInfo> list(const std::optional<std::string>& platform = std::nullopt) override;
    std::optional<Record> get(const std::string& platform, const std::string& identifier) override;
    bool remove(const std::string& platform, const std::string& identifier) override;
    std::string get_default(const std::string& platform) override;
    void set_default(const std::string& platform, const std::string& identifier) override;
    // Under SQLite's write lock. A change that stores nothing takes the lock all the same, so it also
    // checks that the vault can be written.
    std::optional<Record> update(const std::string& platform, const std::string& identifier,
                                 const UpdateFunction& change, std::optional<std::int64_t> expires_at = std::nullopt) override;

private:
    // nullptr when the vault does not exist and `create` is false.
    SQLite::Database* database(bool create);
    void load_key(bool create);
    void check_key(SQLite::Database& db);
    void create_schema(SQLite::Database& db);  // of a new vault, with its key check
    void check_schema_version(SQLite::Database& db);
    void upgrade_schema(SQLite::Database& db);
    std::string read_default(SQLite::Database& db, const std::string& platform);
    std::optional<Record> read(SQLite::Database& db, const std::string& platform, const std::string& identifier);
    void write(SQLite::Database& db, const std::string& platform, const std::string& identifier, const Fields& fields,
               std::optional<std::int64_t> expires_at);

    StoragePaths paths_;
    std::vector<std::uint8_t> key_;
    // The process has one connection; runs on several threads take turns on it (an update's change
    // runs with the lock held, so it must not call the vault).
    std::mutex mutex_;
    std::unique_ptr<SQLite::Database> db_;
    std::string read_only_reason_;
    bool memory_if_absent_ = false;
    int schema_version_ = 2;  // of the open vault  // set when db_ was opened read-only because nothing can be written
};

// The process's vault, opened on first use: PostgreSQL when AGORAS_VAULT_URL is set, else the file
// at the default location.
VaultStore& process_vault();
// The vault file at the default location (the legacy import's and `tokens copy`'s source).
Vault& local_vault();

}  // namespace agoras::host::vault
