// A stable fingerprint of some bytes (two 64-bit FNV-1a hashes, 32 hex digits), the same in every
// agoras version and on every machine, since journal keys and the journal's record of what a key
// was used for are made of it. Not a cryptographic hash: it tells edits apart, nothing more.
#pragma once

#include <string>

namespace agoras::host::core {

std::string fingerprint(const std::string& data);

}  // namespace agoras::host::core
