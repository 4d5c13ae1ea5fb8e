// What https connections trust, and the TLS client contexts made from it.
//
// OpenSSL's default store (SSL_CERT_FILE and SSL_CERT_DIR, else where it was built to look) holds the
// distribution's bundle, about 140 certificates: reading it whole costs some 25 ms of CPU per command, four times
// the rest of a post. A hashed directory (c_rehash, update-ca-certificates: Debian, Ubuntu, Alpine, Arch, openSUSE)
// holds the same certificates one per file, and OpenSSL reads from it only those a chain needs. So where such a
// directory is at hand, and SSL_CERT_FILE does not name the store alone, the directory is tried first; should it lack
// an issuer, the connection is made again with the whole store. What is trusted never changes, only what is read.
#pragma once

#include <optional>
#include <string>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace agoras::host::net {

// The CA bundle to trust when OpenSSL finds none where it was built to look (the portable archive's libssl is
// Debian's, which looks in /usr/lib/ssl: absent on Fedora or Alpine): the first of `candidates` that exists.
// nullopt when SSL_CERT_FILE or SSL_CERT_DIR is set (the user's choice stands) or OpenSSL's own default file
// or directory exists.
std::optional<std::string> fallback_ca_bundle(const std::string& default_file, const std::string& default_dir,
                                              const std::vector<std::string>& candidates);

// The directory to try alone first: SSL_CERT_DIR (`dir_variable`) when set, else `default_dir` when SSL_CERT_FILE
// (`file_variable`) is not set either; and only when it is hashed (holds a name of 8 hex digits, a dot and digits).
std::optional<std::string> directory_to_try_first(const char* file_variable, const char* dir_variable,
                                                  const std::string& default_dir);

// The client context of this process for the current SSL_CERT_* variables: with `whole`, the whole store; else the
// directory_to_try_first alone when there is one (`*directory_only` tells which it got). Throws WireError when the
// store cannot be read.
SSL_CTX* tls_client_context(bool whole, bool* directory_only);

}  // namespace agoras::host::net
