#include "net/proxy.hpp"

#include "core/environment.hpp"
#include "status_error.hpp"

#include <agoras/sdk/url.hpp>

#include <algorithm>
#include <cctype>

namespace agoras::host::net {
namespace {

// The first of `names` that is set and not empty: its name and value.
std::optional<std::pair<std::string, std::string>> first_set(std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (auto value = core::env(name); value && !value->empty()) return std::make_pair(std::string(name), *value);
    }
    return std::nullopt;
}

std::string lowercase(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// no_proxy: "*", or comma-separated names (a leading dot or not: the name and its subdomains) and addresses.
bool exempt(const std::string& host) {
    const auto set = first_set({"no_proxy", "NO_PROXY"});
    if (!set) return false;
    const std::string& list = set->second;
    const std::string name = lowercase(host);
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(',', start), list.size());
        std::string entry = lowercase(list.substr(start, end - start));
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
    const auto set = first_set({"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
    if (!set) return std::nullopt;
    const auto& [variable, url] = *set;
    const UrlParts parts = split_url(url.find("://") == std::string::npos ? "http://" + url : url);
    const std::string scheme = lowercase(parts.scheme);
    Proxy proxy;
    if (scheme == "socks5") {
        proxy.kind = Proxy::Kind::socks5;
    } else if (scheme == "socks5h") {
        proxy.kind = Proxy::Kind::socks5h;
    } else if (scheme != "http") {
        throw usage_error("the proxy " + parts.scheme + "://… in " + variable +
                          " is not supported: agoras tunnels through http://, socks5:// and socks5h:// proxies");
    }
    proxy.host = parts.host;
    proxy.port = parts.port.empty() ? "1080" : parts.port;  // curl's default for a proxy without a port
    if (!parts.valid || proxy.host.empty() || proxy.port.find_first_not_of("0123456789") != std::string::npos) {
        throw usage_error("cannot use the proxy in " + variable + ": expected " + scheme + "://host:port");
    }
    if (parts.has_userinfo) {
        const auto colon = parts.userinfo.find(':');
        proxy.credentials.emplace(sdk::percent_decode(parts.userinfo.substr(0, colon), false),
                                  colon == std::string::npos ? "" : sdk::percent_decode(parts.userinfo.substr(colon + 1), false));
        const auto& [user, password] = *proxy.credentials;
        if (proxy.kind != Proxy::Kind::http && (user.empty() || user.size() > 255 || password.empty() || password.size() > 255)) {
            throw usage_error("cannot use the proxy in " + variable + ": a SOCKS5 user name and password are 1 to 255 bytes each");
        }
    }
    return proxy;
}

std::string route_of(const Proxy& proxy) {
    std::string route = std::to_string(static_cast<int>(proxy.kind)) + " " + proxy.host + " " + proxy.port;
    if (proxy.credentials) route += " " + proxy.credentials->first + '\n' + proxy.credentials->second;
    return route;
}

}  // namespace agoras::host::net
