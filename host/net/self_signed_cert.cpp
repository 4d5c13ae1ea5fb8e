#include "net/self_signed_cert.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace agoras::host::net {
namespace {

template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, std::integral_constant<decltype(Free), Free>>;

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("cannot create the callback certificate: ") + what);
}

}  // namespace

CertificatePem make_self_signed_certificate() {
    Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
    check(key != nullptr, "key generation failed");
    Owned<X509, X509_free> cert(X509_new());
    check(cert != nullptr, "out of memory");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "version");
    unsigned char serial_bytes[8];
    check(RAND_bytes(serial_bytes, sizeof serial_bytes) == 1, "random serial");
    long serial = 0;
    for (unsigned char b : serial_bytes) serial = (serial << 8) | b;
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial & 0x7fffffff);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "public key");
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Agoras"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    check(X509_set_issuer_name(cert.get(), name) == 1, "issuer");
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert.get(), cert.get(), nullptr, nullptr, 0);
    Owned<X509_EXTENSION, X509_EXTENSION_free> san(X509V3_EXT_conf_nid(
        nullptr, &v3, NID_subject_alt_name, "DNS:localhost,DNS:*.localhost,IP:127.0.0.1,IP:::1"));
    check(san != nullptr && X509_add_ext(cert.get(), san.get(), -1) == 1, "subjectAltName");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signature");

    Owned<BIO, BIO_free_all> cert_bio(BIO_new(BIO_s_mem()));
    Owned<BIO, BIO_free_all> key_bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(cert_bio.get(), cert.get()) == 1, "PEM certificate");
    check(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM key");
    return {bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

}  // namespace agoras::host::net
