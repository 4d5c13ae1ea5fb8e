// The token vault in PostgreSQL (AGORAS_VAULT_URL), shared by the machines that post as the same
// accounts: records sealed exactly as in the vault file (AES-256-GCM under AGORAS_VAULT_KEY, which
// never enters the database, bound to platform and identifier), a sealed key check, and every update
// serialized per record by a transaction-level advisory lock, so that N machines refreshing one
// rotating token refresh it once (sdk/token_store.hpp leases it through update()).
#pragma once

#include "postgres/pg_connection.hpp"
#include "vault/vault_store.hpp"

#include <cstdint>
#include <vector>

namespace agoras::host::postgres {

class PgVault final : public vault::VaultStore {
public:
    explicit PgVault(const std::string& url);

    std::vector<vault::RecordInfo> list(const std::optional<std::string>& platform) override;
    std::optional<vault::Record> get(const std::string& platform, const std::string& identifier) override;
    bool remove(const std::string& platform, const std::string& identifier) override;
    std::string get_default(const std::string& platform) override;
    void set_default(const std::string& platform, const std::string& identifier) override;
    std::optional<vault::Record> update(const std::string& platform, const std::string& identifier,
                                        const vault::UpdateFunction& change, std::optional<std::int64_t> expires_at) override;

private:
    std::optional<vault::Record> read(const std::string& platform, const std::string& identifier);
    std::string read_default(const std::string& platform);

    std::vector<std::uint8_t> key_;
    Connection db_;
};

}  // namespace agoras::host::postgres
