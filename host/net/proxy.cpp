#include "net/proxy.hpp"

#include "core/crypto.hpp"
#include "core/environment.hpp"
#include "status_error.hpp"

#include <agoras/sdk/url.hpp>

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
    const UrlParts parts = split_url(url->find("://") == std::string::npos ? "http://" + *url : *url);
    if (lowercase(parts.scheme) != "http") {
        throw usage_error("the proxy " + parts.scheme + "://… is not supported: agoras tunnels through an http:// proxy");
    }
    Proxy proxy;
    proxy.host = parts.host;
    proxy.port = parts.port.empty() ? "1080" : parts.port;  // curl's default for a proxy without a port
    if (!parts.valid || proxy.host.empty() || proxy.port.find_first_not_of("0123456789") != std::string::npos) {
        throw usage_error("cannot use the proxy in https_proxy: expected http://host:port");
    }
    if (parts.has_userinfo) {
        const std::string credentials = sdk::percent_decode(parts.userinfo, false);
        proxy.authorization = "Basic " + core::crypto::base64_encode(core::crypto::Bytes(credentials.begin(), credentials.end()));
    }
    return proxy;
}

}  // namespace agoras::host::net
