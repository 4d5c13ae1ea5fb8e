#include "net/http_transport.hpp"

#include "net/url_policy.hpp"

#include <curl/curl.h>

#include <fcntl.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace agoras::host::net {
namespace {

// Headers are small; a server sending more than this is not an API we talk to.
constexpr std::size_t kMaxHeaderBytes = 256u << 10;
constexpr long kMaxConnectMs = 10'000;

void initialise_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One handle per thread, reset for every request: its connection cache lets the several requests
// of one action share a TLS connection.
struct HandleDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
CURL* thread_handle() {
    thread_local std::unique_ptr<CURL, HandleDeleter> handle(curl_easy_init());
    if (!handle) throw TransportError("cannot initialise libcurl", false);
    curl_easy_reset(handle.get());
    return handle.get();
}

struct Exchange {
    HttpAnswer answer;
    std::size_t max_body = 0;
    std::size_t header_bytes = 0;
    bool body_too_large = false;
    bool headers_too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* target) {
    auto& exchange = *static_cast<Exchange*>(target);
    const std::size_t n = size * count;
    if (exchange.answer.body.size() + n > exchange.max_body) {
        exchange.body_too_large = true;
        return 0;  // aborts the transfer
    }
    exchange.answer.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* target) {
    auto& exchange = *static_cast<Exchange*>(target);
    const std::size_t n = size * count;
    exchange.header_bytes += n;
    if (exchange.header_bytes > kMaxHeaderBytes) {
        exchange.headers_too_large = true;
        return 0;
    }
    std::string line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    // A new status line starts a new header block (after a 100 Continue, say).
    if (line.rfind("HTTP/", 0) == 0) {
        exchange.answer.headers.clear();
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) return n;
    const auto value_start = line.find_first_not_of(" \t", colon + 1);
    exchange.answer.headers.emplace_back(line.substr(0, colon),
                                         value_start == std::string::npos ? "" : line.substr(value_start));
    return n;
}

// Every socket is close-on-exec, so a child (the browser) never inherits a connection.
curl_socket_t open_socket(void*, curlsocktype, struct curl_sockaddr* address) {
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

std::string megabytes(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string seconds(long milliseconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(milliseconds) / 1000.0);
    return text;
}

// CA locations the way OpenSSL's defaults would honour them, which libcurl does not do by itself.
void apply_trust_settings(CURL* handle) {
    if (const char* file = std::getenv("SSL_CERT_FILE"); file != nullptr && *file != '\0') {
        curl_easy_setopt(handle, CURLOPT_CAINFO, file);
    }
    if (const char* dir = std::getenv("SSL_CERT_DIR"); dir != nullptr && *dir != '\0') {
        curl_easy_setopt(handle, CURLOPT_CAPATH, dir);
    }
}

struct HeaderList {
    curl_slist* list = nullptr;
    ~HeaderList() { curl_slist_free_all(list); }
    void add(const std::string& line) {
        curl_slist* next = curl_slist_append(list, line.c_str());
        if (next == nullptr) throw TransportError("out of memory building request headers", false);
        list = next;
    }
};

}  // namespace

HttpAnswer send_once(const HttpCall& call) {
    require_allowed_url(call.url);
    initialise_curl();
    CURL* handle = thread_handle();
    const std::string endpoint = describe_endpoint(call.url);
    const long timeout_ms = static_cast<long>(call.timeout.count() > 0 ? call.timeout.count() : kDefaultTimeout.count());

    Exchange exchange;
    exchange.max_body = call.max_response_bytes;
    HeaderList headers;
    for (const auto& [name, value] : call.headers) {
        if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            throw usage_error("refusing to send a header with a line break or a colon in its name");
        }
        headers.add(name + ": " + value);
    }
    const bool has_body = !call.body.empty() || call.method == "POST" || call.method == "PUT";
    if (has_body) headers.add("Content-Type: " + (call.content_type.empty() ? std::string("application/octet-stream")
                                                                            : call.content_type));
    headers.add("Expect:");  // no 100-continue round trip

    curl_easy_setopt(handle, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, kMaxConnectMs));
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "agoras/" AGORAS_VERSION);
    curl_easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(call.max_response_bytes));
    curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, &open_socket);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.list);
    apply_trust_settings(handle);
    if (call.method == "GET") {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else if (call.method == "HEAD") {
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    }
    if (has_body) {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, call.body.data());
    }

    const CURLcode rc = curl_easy_perform(handle);
    if (exchange.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        throw TransportError("the answer from " + endpoint + " is larger than " + megabytes(call.max_response_bytes) +
                                 "; stopped reading it",
                             false);
    }
    if (exchange.headers_too_large) {
        throw TransportError("the answer from " + endpoint + " has more than 256 KiB of headers; stopped reading it",
                             false);
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        throw TransportError("no complete answer from " + endpoint + " within " + seconds(timeout_ms) +
                                 " s",
                             true);
    }
    if (rc != CURLE_OK) {
        throw TransportError("no answer from " + endpoint + ": " + curl_easy_strerror(rc), true);
    }
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    exchange.answer.status = static_cast<int>(status);
    char* location = nullptr;
    if (curl_easy_getinfo(handle, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location != nullptr) {
        exchange.answer.redirect_url = location;
    }
    return std::move(exchange.answer);
}

}  // namespace agoras::host::net
