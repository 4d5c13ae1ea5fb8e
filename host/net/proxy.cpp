#include "net/proxy.hpp"

#include "core/environment.hpp"
#include "status_error.hpp"

#include <agoras/sdk/url.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace agoras::host::net {
namespace {

std::optional<std::string> first_set(std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (auto value = core::env(name); value && !value->empty()) return value;
    }
    return std::nullopt;
}

std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// no_proxy: "*", or comma-separated names (a leading dot or not: the name and its subdomains) and addresses.
bool exempt(const std::string& host) {
    const auto list = first_set({"no_proxy", "NO_PROXY"});
    if (!list) return false;
    const std::string name = lowercase(host);
    std::size_t start = 0;
    while (start <= list->size()) {
        const std::size_t end = std::min(list->find(',', start), list->size());
        std::string entry = lowercase(list->substr(start, end - start));
        entry.erase(std::remove_if(entry.begin(), entry.end(), [](unsigned char c) { return std::isspace(c) != 0; }), entry.end());
        if (!entry.empty() && entry[0] == '.') entry.erase(0, 1);
        if (entry == "*") return true;
        if (!entry.empty() && (name == entry || (name.size() > entry.size() && name.compare(name.size() - entry.size(), entry.size(), entry) == 0 &&
                                                 name[name.size() - entry.size() - 1] == '.'))) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

}  // namespace

std::optional<Proxy> proxy_for(const RequestTarget& target) {
    if (!target.tls() || is_loopback_host(target.host) || exempt(target.host)) return std::nullopt;
    const auto url = first_set({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
    if (!url) return std::nullopt;
    std::string rest = *url;
    if (const auto scheme_end = rest.find("://"); scheme_end != std::string::npos) {
        if (lowercase(rest.substr(0, scheme_end)) != "http") {
            throw usage_error("the proxy " + rest.substr(0, scheme_end) + "://… is not supported: agoras tunnels through an http:// proxy");
        }
        rest = rest.substr(scheme_end + 3);
    }
    rest = rest.substr(0, rest.find('/'));
    Proxy proxy;
    if (const auto at = rest.rfind('@'); at != std::string::npos) {
        const std::string credentials = sdk::percent_decode(rest.substr(0, at), false);
        std::string encoded(4 * ((credentials.size() + 2) / 3) + 1, '\0');
        const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                           reinterpret_cast<const unsigned char*>(credentials.data()), static_cast<int>(credentials.size()));
        encoded.resize(static_cast<std::size_t>(length));
        proxy.authorization = "Basic " + encoded;
        rest = rest.substr(at + 1);
    }
    const auto colon = rest.rfind(':');
    const bool bracketed = !rest.empty() && rest[0] == '[';
    if (colon != std::string::npos && (!bracketed || rest[colon - 1] == ']')) {
        proxy.host = rest.substr(0, colon);
        proxy.port = rest.substr(colon + 1);
    } else {
        proxy.host = rest;
        proxy.port = "1080";  // curl's default for a proxy without a port
    }
    if (bracketed && proxy.host.size() > 2) proxy.host = proxy.host.substr(1, proxy.host.size() - 2);
    if (proxy.host.empty() || proxy.port.empty() || proxy.port.find_first_not_of("0123456789") != std::string::npos) {
        throw usage_error("cannot use the proxy in https_proxy: expected http://host:port");
    }
    return proxy;
}

}  // namespace agoras::host::net
