// The encrypted token vault: one SQLite database (WAL, busy timeout, every write in a transaction)
// whose records hold AES-256-GCM-sealed fields bound to their platform and identifier.
//
// Nothing is created until something is written; a damaged database, a wrong or missing key or a
// tampered record is reported (StatusError, AGORAS_ERR_STORAGE) and never repaired or overwritten.
#pragma once

#include "vault/names.hpp"
#include "vault/record.hpp"
#include "vault/storage_paths.hpp"

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

// As an update's expiry: keep the record's current one.
constexpr std::int64_t kKeepExpiry = -1;

// Returns the new fields to store, or nullopt to leave the record as it is.
using UpdateFunction = std::function<std::optional<Fields>(const std::optional<Record>& current)>;

class Vault {
public:
    explicit Vault(StoragePaths paths);
    ~Vault();
    Vault(const Vault&) = delete;
    Vault& operator=(const Vault&) = delete;

    const StoragePaths& paths() const { return paths_; }

    // Sorted by platform, then identifier; reads no secret.
    std::vector<RecordInfo> list(const std::optional<std::string>& platform = std::nullopt);
    std::optional<Record> get(const std::string& platform, const std::string& identifier);
    void put(const std::string& platform, const std::string& identifier, const Fields& fields,
             std::optional<std::int64_t> expires_at = std::nullopt);
    bool remove(const std::string& platform, const std::string& identifier);
    // The platform's default account: the identifier that "default" reads when no record has that
    // name ("" when none). set_default needs the record to exist.
    std::string get_default(const std::string& platform);
    void set_default(const std::string& platform, const std::string& identifier);
    // Read-modify-write under the vault's exclusive write lock: a second process calling update()
    // waits until the first has committed, then sees its result. A change that stores nothing takes
    // the lock all the same, so it also checks that the vault can be written.
    std::optional<Record> update(const std::string& platform, const std::string& identifier,
                                 const UpdateFunction& change, std::optional<std::int64_t> expires_at = std::nullopt);

private:
    // nullptr when the vault does not exist and `create` is false.
    SQLite::Database* database(bool create);
    void load_key(bool create);
    void check_key(SQLite::Database& db);
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
    int schema_version_ = 2;  // of the open vault  // set when db_ was opened read-only because nothing can be written
};

// The process's vault at the default location, opened on first use.
Vault& process_vault();

}  // namespace agoras::host::vault
