// TLS in front of a loopback HTTP server (the sandbox), so that tests run the real binary over https end to end:
// accepts TLS on 127.0.0.1 with a certificate the openssl tool makes for the names given, and passes the
// decrypted bytes to the upstream port and its answers back.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;

namespace agoras::test {

class TlsFront {
public:
    // `names` in openssl's subjectAltName syntax ("IP:127.0.0.1,DNS:localhost"); the certificate and its key are
    // written in `directory`.
    TlsFront(const std::filesystem::path& directory, const std::string& names, int upstream_port);
    ~TlsFront();
    TlsFront(const TlsFront&) = delete;
    TlsFront& operator=(const TlsFront&) = delete;

    int port() const { return port_; }
    // The certificate, to trust with SSL_CERT_FILE.
    const std::string& ca_file() const { return ca_file_; }
    int handshakes() const { return handshakes_; }

private:
    void accept_loop();
    void relay(int client);

    int upstream_port_;
    std::string ca_file_;
    SSL_CTX* context_ = nullptr;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<int> handshakes_{0};
    std::atomic<bool> stopping_{false};
    std::vector<std::thread> relays_;
    std::thread acceptor_;
};

}  // namespace agoras::test
