// A throw-away certificate for the loopback OAuth callback listener, generated in memory at run time
// (EC P-256, CN=localhost, SAN localhost/*.localhost/127.0.0.1/::1, valid for one day).
#pragma once

#include <string>

namespace agoras::host::net {

struct CertificatePem {
    std::string certificate;
    std::string private_key;
};

CertificatePem make_self_signed_certificate();

}  // namespace agoras::host::net
