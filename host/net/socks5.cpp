#include "net/socks5.hpp"

namespace agoras::host::net {
namespace {

constexpr char kVersion = 0x05;
constexpr unsigned char kNoLogin = 0x00, kPasswordLogin = 0x02, kNoAcceptableMethod = 0xFF;
constexpr unsigned char kIpv4 = 0x01, kName = 0x03, kIpv6 = 0x04;

// RFC 1928's reply codes, as a user reads them.
std::string reply_text(unsigned char code) {
    switch (code) {
    case 0x01: return "a general failure";
    case 0x02: return "not allowed by its rules";
    case 0x03: return "network unreachable";
    case 0x04: return "host unreachable";
    case 0x05: return "connection refused";
    case 0x06: return "TTL expired";
    case 0x07: return "command not supported";
    case 0x08: return "address type not supported";
    default: return "reply code " + std::to_string(code);
    }
}

std::string receive_exactly(Wire& wire, std::size_t size, Deadline deadline, const std::string& proxy) {
    std::string bytes(size, '\0');
    for (std::size_t got = 0; got < size;) {
        const std::size_t n = wire.receive(bytes.data() + got, size - got, deadline);
        if (n == 0) throw WireError("the SOCKS5 proxy " + proxy + " closed the connection instead of opening a tunnel");
        got += n;
    }
    return bytes;
}

void send_text(Wire& wire, const std::string& bytes, Deadline deadline) { wire.send(bytes.data(), bytes.size(), deadline); }

// A length-prefixed field of at most 255 bytes.
std::string counted(const std::string& text, const std::string& what) {
    if (text.empty() || text.size() > 255) {
        throw WireError("cannot send a " + what + " of " + std::to_string(text.size()) + " bytes to a SOCKS5 proxy (1 to 255)");
    }
    return static_cast<char>(text.size()) + text;
}

void log_in(Wire& wire, const Proxy& proxy, Deadline deadline) {
    const auto& [user, password] = *proxy.credentials;
    send_text(wire, '\x01' + counted(user, "user name") + counted(password, "password"), deadline);
    const std::string status = receive_exactly(wire, 2, deadline, proxy.host);
    if (status[1] != 0) throw WireError("the SOCKS5 proxy " + proxy.host + " refused the user name and password", false, true);
}

}  // namespace

void socks5_connect(Wire& wire, const Proxy& proxy, const Socks5Destination& destination, Deadline deadline) {
    const std::string& who = proxy.host;
    // Without credentials only "no login" is offered; with them, either (the proxy chooses), as curl does.
    std::string hello{kVersion, '\x01', static_cast<char>(kNoLogin)};
    if (proxy.credentials) hello = {kVersion, '\x02', static_cast<char>(kNoLogin), static_cast<char>(kPasswordLogin)};
    send_text(wire, hello, deadline);
    const std::string choice = receive_exactly(wire, 2, deadline, who);
    const auto method = static_cast<unsigned char>(choice[1]);
    if (choice[0] != kVersion) throw WireError("the proxy " + who + " does not speak SOCKS5");
    if (method == kNoAcceptableMethod) {
        throw WireError("the SOCKS5 proxy " + who + (proxy.credentials ? " accepts neither no login nor a user name and password"
                                                                          : " wants a login: put user:password@ in the proxy URL"),
                        false, true);
    }
    if (method == kPasswordLogin && proxy.credentials) {
        log_in(wire, proxy, deadline);
    } else if (method != kNoLogin) {
        throw WireError("the SOCKS5 proxy " + who + " chose a login method agoras did not offer");
    }

    std::string request{kVersion, '\x01', '\x00'};  // CONNECT
    if (destination.address.size() == 4) request += static_cast<char>(kIpv4) + destination.address;
    else if (destination.address.size() == 16) request += static_cast<char>(kIpv6) + destination.address;
    else request += static_cast<char>(kName) + counted(destination.name, "host name");
    request += static_cast<char>(destination.port >> 8);
    request += static_cast<char>(destination.port & 0xFF);
    send_text(wire, request, deadline);

    // VER REP RSV ATYP, then the address the proxy bound (by its type) and a port: read exactly that much.
    const std::string reply = receive_exactly(wire, 4, deadline, who);
    if (reply[0] != kVersion) throw WireError("the SOCKS5 proxy " + who + " sent a malformed answer");
    if (reply[1] != 0) {
        throw WireError("the SOCKS5 proxy " + who + " refused a tunnel to " + destination.name + " port " +
                        std::to_string(destination.port) + " (" + reply_text(static_cast<unsigned char>(reply[1])) + ")");
    }
    std::size_t rest = 2;
    switch (static_cast<unsigned char>(reply[3])) {
    case kIpv4: rest += 4; break;
    case kIpv6: rest += 16; break;
    case kName: rest += static_cast<unsigned char>(receive_exactly(wire, 1, deadline, who)[0]); break;
    default: throw WireError("the SOCKS5 proxy " + who + " sent a malformed answer");
    }
    receive_exactly(wire, rest, deadline, who);
}

}  // namespace agoras::host::net
