#include "vault/vault_store.hpp"

namespace agoras::host::vault {

// Associated data: a sealed record only opens in the row it was written for.
std::string record_binding(const std::string& platform, const std::string& identifier) {
    return std::string("agoras-vault-v1/record\n") + platform + "\n" + identifier;
}

}  // namespace agoras::host::vault
