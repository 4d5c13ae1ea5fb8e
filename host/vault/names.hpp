// What names the vault accepts. Platforms: a lower-case word; identifiers: 1-128 of [A-Za-z0-9._@+:-],
// not starting with '.' or '-'. Each throws StatusError(AGORAS_ERR_USAGE) otherwise.
#pragma once

#include <string>

namespace agoras::host::vault {

void validate_platform(const std::string& platform);
void validate_identifier(const std::string& identifier);

}  // namespace agoras::host::vault
