// Which URLs the host will send requests to, and how URLs appear in messages.
#pragma once

#include <string>

namespace agoras::host::net {

// The parts of scheme://[userinfo@]host[:port]rest as written ("" where absent; an IPv6 host without its brackets).
// `valid` is false for an IPv6 host without its ']' or followed by something other than a port.
struct UrlParts {
    std::string scheme, userinfo, host, port, rest;
    bool has_userinfo = false;
    bool valid = true;
};
UrlParts split_url(const std::string& url);

// https:// anywhere; http:// only to a loopback host (127.0.0.0/8, ::1, localhost). Throws
// StatusError(AGORAS_ERR_USAGE) otherwise.
void require_allowed_url(const std::string& url);

// localhost, ::1, or a dotted 127.0.0.0/8 address.
bool is_loopback_host(const std::string& host);

// Where a request goes: a connection to host:port (over TLS for https) and the request target (path and query).
struct RequestTarget {
    std::string scheme, host, port, target;
    bool tls() const { return scheme == "https"; }
};

// Parses an allowed URL (require_allowed_url) for sending. Throws StatusError(AGORAS_ERR_USAGE) for one that cannot be
// sent as written: spaces or control characters, credentials in it, a bad port, a host that is not ASCII (IDN hosts are
// written in their xn-- form). Other bytes over 0x7f in the path or query are percent-encoded, as browsers do.
RequestTarget request_target(const std::string& url);

// Scheme, host and path of `url`, without query or fragment: safe to show in messages.
std::string describe_endpoint(const std::string& url);

}  // namespace agoras::host::net
