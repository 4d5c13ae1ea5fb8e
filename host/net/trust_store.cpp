#include "net/trust_store.hpp"

#include "net/wire.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <dirent.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

namespace agoras::host::net {
namespace {

// Where distributions keep their CA bundle (the places Go's crypto/x509 looks too).
const std::vector<std::string>& distribution_ca_bundles() {
    static const std::vector<std::string> bundles{
        "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Arch, Gentoo
        "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7
        "/etc/ssl/ca-bundle.pem",                             // openSUSE
        "/etc/ssl/cert.pem",                                  // Alpine
    };
    return bundles;
}

// c_rehash's names: the subject's hash (8 hex digits), a dot, a number.
bool is_hash_link_name(const char* name) {
    std::size_t i = 0;
    for (; i < 8; ++i) {
        if (std::isxdigit(static_cast<unsigned char>(name[i])) == 0) return false;
    }
    if (name[i++] != '.' || name[i] == '\0') return false;
    for (; name[i] != '\0'; ++i) {
        if (std::isdigit(static_cast<unsigned char>(name[i])) == 0) return false;
    }
    return true;
}

bool is_hashed_directory(const std::string& path) {
    std::unique_ptr<DIR, int (*)(DIR*)> directory(opendir(path.c_str()), closedir);
    if (!directory) return false;
    while (const dirent* entry = readdir(directory.get())) {
        if (is_hash_link_name(entry->d_name)) return true;
    }
    return false;
}

SSL_CTX* new_client_context() {
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    if (context == nullptr) throw WireError("cannot create a TLS context");
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // A close without TLS's close_notify reads as the end of the stream; HTTP's own framing (Content-Length,
    // chunks) is what tells a complete answer from a cut one.
    SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
    return context;
}

// The trust store OpenSSL reads by default (which honours SSL_CERT_FILE and SSL_CERT_DIR), else the
// distribution's bundle.
void load_whole_store(SSL_CTX* context) {
    const auto fallback =
        fallback_ca_bundle(X509_get_default_cert_file(), X509_get_default_cert_dir(), distribution_ca_bundles());
    if (SSL_CTX_set_default_verify_paths(context) != 1 ||
        (fallback && SSL_CTX_load_verify_locations(context, fallback->c_str(), nullptr) != 1)) {
        throw WireError("cannot load the trusted CA certificates" + (fallback ? " from " + *fallback : std::string()));
    }
}

}  // namespace

std::optional<std::string> fallback_ca_bundle(const std::string& default_file, const std::string& default_dir,
                                              const std::vector<std::string>& candidates) {
    if (std::getenv("SSL_CERT_FILE") != nullptr || std::getenv("SSL_CERT_DIR") != nullptr) return std::nullopt;
    std::error_code ec;
    if (std::filesystem::exists(default_file, ec) || std::filesystem::exists(default_dir, ec)) return std::nullopt;
    for (const auto& candidate : candidates) {
        if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    }
    return std::nullopt;
}

std::optional<std::string> directory_to_try_first(const char* file_variable, const char* dir_variable,
                                                  const std::string& default_dir) {
    std::string directory;
    if (dir_variable != nullptr) directory = dir_variable;
    else if (file_variable == nullptr) directory = default_dir;
    // SSL_CERT_DIR may list several directories; only a single one is tried alone.
    if (directory.empty() || directory.find(':') != std::string::npos || !is_hashed_directory(directory)) return std::nullopt;
    return directory;
}

SSL_CTX* tls_client_context(bool whole, bool* directory_only) {
    // One context of each kind per process, made when the first https request needs it; made again should the
    // variables change (connections made with the old one hold their own reference).
    struct Made {
        SSL_CTX* context = nullptr;
        std::string variables;
        bool directory_only = false;
    };
    static std::mutex mutex;
    static Made made[2];
    const char* file = std::getenv("SSL_CERT_FILE");
    const char* dir = std::getenv("SSL_CERT_DIR");
    const std::string variables = std::string(file != nullptr ? file : "") + '\n' + (dir != nullptr ? dir : "");
    std::lock_guard<std::mutex> lock(mutex);
    Made& slot = made[whole ? 1 : 0];
    if (slot.context == nullptr || slot.variables != variables) {
        const auto directory = whole ? std::nullopt : directory_to_try_first(file, dir, X509_get_default_cert_dir());
        SSL_CTX* fresh = new_client_context();
        try {
            if (directory) {
                if (SSL_CTX_load_verify_dir(fresh, directory->c_str()) != 1) {
                    throw WireError("cannot use the trusted CA certificates in " + *directory);
                }
            } else {
                load_whole_store(fresh);
            }
        } catch (...) {
            SSL_CTX_free(fresh);
            throw;
        }
        if (slot.context != nullptr) SSL_CTX_free(slot.context);
        slot = {fresh, variables, directory.has_value()};
    }
    *directory_only = slot.directory_only;
    return slot.context;
}

}  // namespace agoras::host::net
