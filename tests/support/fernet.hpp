// Writes Fernet tokens the way the Python original's `cryptography` library does, straight from
// OpenSSL primitives, so that tests can build a legacy store without Python.
#pragma once

#include <string>

namespace agoras::test {

// A new random Fernet key, URL-safe base64 (44 characters), as the original's .key file held it.
std::string fernet_generate_key();
std::string fernet_encrypt(const std::string& key_base64url, const std::string& plaintext);

}  // namespace agoras::test
