// VaultApi over the process's vault.
#include "services/vault_api.hpp"

#include "core/environment.hpp"
#include "status_error.hpp"
#include "vault/legacy_import.hpp"
#include "vault/vault.hpp"

namespace agoras::host::services {
namespace {

class VaultService final : public VaultApi {
public:
    Outcome list(const std::optional<std::string>& platform, std::vector<vault::RecordInfo>& out) override {
        return guarded([&] { out = vault::process_vault().list(platform); });
    }
    Outcome get(const std::string& platform, const std::string& identifier, std::optional<vault::Record>& out) override {
        return guarded([&] { out = vault::process_vault().get(platform, identifier); });
    }
    Outcome put(const std::string& platform, const std::string& identifier, const vault::Fields& fields,
                std::optional<std::int64_t> expires_at) override {
        return guarded([&] { vault::process_vault().put(platform, identifier, fields, expires_at); });
    }
    Outcome remove(const std::string& platform, const std::string& identifier, bool& existed) override {
        return guarded([&] { existed = vault::process_vault().remove(platform, identifier); });
    }
    Outcome update(const std::string& platform, const std::string& identifier, const VaultChange& change,
                   std::optional<std::int64_t> expires_at) override {
        return guarded([&] {
            vault::process_vault().update(
                platform, identifier,
                [&](const std::optional<vault::Record>& current) {
                    std::optional<vault::Fields> next;
                    const Outcome outcome = change(current, next);
                    if (!outcome.ok()) throw StatusError(outcome.status, outcome.message);  // rolls back
                    return next;
                },
                expires_at);
        });
    }
    void keep_new_vault_in_memory() override {
        if (core::env("AGORAS_VAULT_URL")) return;  // a shared vault exists by definition
        vault::local_vault().stay_in_memory_if_absent();
    }
    Outcome get_default(const std::string& platform, std::string& identifier) override {
        return guarded([&] { identifier = vault::process_vault().get_default(platform); });
    }
    Outcome set_default(const std::string& platform, const std::string& identifier) override {
        return guarded([&] { vault::process_vault().set_default(platform, identifier); });
    }
    Outcome import_legacy(const std::optional<std::string>& from, bool overwrite, int& exit_code) override {
        return guarded([&] {
            auto& store = vault::process_vault();
            exit_code = vault::import_legacy_store(from ? std::filesystem::path(*from) : vault::local_vault().paths().base, store,
                                                   overwrite);
        });
    }
    Outcome copy_to_shared(bool overwrite, std::vector<vault::RecordInfo>& copied,
                           std::vector<vault::RecordInfo>& kept) override {
        return guarded([&] {
            if (!core::env("AGORAS_VAULT_URL")) {
                throw usage_error("copy-to-shared copies this machine's vault into AGORAS_VAULT_URL's; set it first");
            }
            auto& local = vault::local_vault();
            auto& shared = vault::process_vault();
            for (const auto& info : local.list()) {
                const auto record = local.get(info.platform, info.identifier);
                if (!record) continue;
                bool wrote = false;
                shared.update(info.platform, info.identifier,
                              [&](const std::optional<vault::Record>& existing) -> std::optional<vault::Fields> {
                                  if (existing && !overwrite) return std::nullopt;
                                  wrote = true;
                                  return record->fields;
                              },
                              info.expires_at);
                (wrote ? copied : kept).push_back(info);
            }
            for (const auto& info : copied) {
                if (local.get_default(info.platform) == info.identifier) shared.set_default(info.platform, info.identifier);
            }
        });
    }
};

}  // namespace

VaultApi& vault_service() {
    static VaultService service;
    return service;
}

}  // namespace agoras::host::services
