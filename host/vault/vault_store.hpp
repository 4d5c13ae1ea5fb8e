// What a token vault does, wherever its records lie: an SQLite file on this machine (vault.hpp, the
// default) or PostgreSQL shared by several (postgres/pg_vault.hpp, with AGORAS_VAULT_URL). Both seal
// every record with AES-256-GCM under AGORAS_VAULT_KEY (or the key file), bound to its platform and
// identifier; a database only ever holds ciphertext.
#pragma once

#include "vault/record.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::vault {

// As an update's expiry: keep the record's current one.
constexpr std::int64_t kKeepExpiry = -1;

// Returns the new fields to store, or nullopt to leave the record as it is.
using UpdateFunction = std::function<std::optional<Fields>(const std::optional<Record>& current)>;

class VaultStore {
public:
    virtual ~VaultStore() = default;

    // Sorted by platform, then identifier; reads no secret.
    virtual std::vector<RecordInfo> list(const std::optional<std::string>& platform = std::nullopt) = 0;
    virtual std::optional<Record> get(const std::string& platform, const std::string& identifier) = 0;
    virtual void put(const std::string& platform, const std::string& identifier, const Fields& fields,
                     std::optional<std::int64_t> expires_at = std::nullopt) {
        update(platform, identifier, [&](const std::optional<Record>&) { return fields; }, expires_at);
    }
    virtual bool remove(const std::string& platform, const std::string& identifier) = 0;
    // The platform's default account: the identifier that "default" reads when no record has that
    // name ("" when none). set_default needs the record to exist.
    virtual std::string get_default(const std::string& platform) = 0;
    virtual void set_default(const std::string& platform, const std::string& identifier) = 0;
    // Read-modify-write under an exclusive lock on the record: a second process (on any machine that
    // shares the store) calling update() waits until the first has committed, then sees its result.
    virtual std::optional<Record> update(const std::string& platform, const std::string& identifier,
                                         const UpdateFunction& change,
                                         std::optional<std::int64_t> expires_at = std::nullopt) = 0;
};

// How a record is sealed: associated data that binds it to its row, and the key check.
std::string record_binding(const std::string& platform, const std::string& identifier);
constexpr const char* kKeyCheckText = "agoras vault key check";
constexpr const char* kKeyCheckBinding = "agoras-vault-v1/key-check";
constexpr const char* kDefaultAlias = "default";

}  // namespace agoras::host::vault
