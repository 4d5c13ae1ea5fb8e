#include "net/http_transport.hpp"
#include "core/environment.hpp"

#include "net/url_policy.hpp"

#include <curl/curl.h>

#include <fcntl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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
    const HttpCall* call = nullptr;
    CURL* handle = nullptr;
    bool streamed = false;  // some of a successful answer's body went to call->stream_body
    HttpAnswer answer;
    std::size_t received = 0;
    std::size_t header_bytes = 0;
    bool body_too_large = false;
    bool enough_read = false;  // read_at_most_bytes arrived: the transfer was stopped on purpose
    bool headers_too_large = false;
    // The request body's parts, read in order.
    std::vector<std::uint64_t> part_lengths;  // measured before sending: nothing may throw inside libcurl
    std::size_t part = 0;
    std::uint64_t part_offset = 0;
    std::FILE* file = nullptr;
    std::string read_error;
    ~Exchange() {
        if (file != nullptr) std::fclose(file);
    }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* target) {
    auto& exchange = *static_cast<Exchange*>(target);
    std::size_t n = size * count;
    if (const std::size_t wanted = exchange.call->read_at_most_bytes; wanted > 0 && exchange.received + n > wanted) {
        n = wanted - exchange.received;  // the part still wanted, then stop
        exchange.enough_read = true;
    } else if (wanted == 0 && exchange.received + n > exchange.call->max_response_bytes) {
        exchange.body_too_large = true;
        return 0;  // aborts the transfer
    }
    exchange.received += n;
    // Only a successful answer's body is streamed: a redirect's, an error's or a throttled one's is kept
    // whole, so that what reaches the stream is one answer's body and nothing else.
    long status = 0;
    if (exchange.call->stream_body) curl_easy_getinfo(exchange.handle, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) {
        exchange.streamed = true;
        exchange.call->stream_body(data, n);
    } else {
        // The whole body at once where its length is declared (and allowed): one allocation of its size,
        // not a string doubling its way there (which holds one and a half times the answer as it copies).
        curl_off_t declared = -1;
        if (exchange.answer.body.empty() &&
            curl_easy_getinfo(exchange.handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &declared) == CURLE_OK && declared > 0 &&
            static_cast<std::uint64_t>(declared) <= exchange.call->max_response_bytes) {
            exchange.answer.body.reserve(static_cast<std::size_t>(declared));
        }
        exchange.answer.body.append(data, n);
    }
    return n;
}

std::uint64_t part_length(const BodyPart& part) {
    if (part.file_path.empty()) return part.data.size();
    if (part.file_length > 0) return part.file_length;
    std::error_code ec;
    const auto size = std::filesystem::file_size(part.file_path, ec);
    if (ec) throw TransportError("cannot read " + part.file_path + ": " + ec.message(), false);
    return size > part.file_offset ? size - part.file_offset : 0;
}

// Fills libcurl's buffer from the body parts: memory as it is, files read as they are sent.
std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* target) {
    auto& exchange = *static_cast<Exchange*>(target);
    const auto& parts = exchange.call->body_parts;
    const std::size_t room = size * count;
    std::size_t filled = 0;
    while (filled < room && exchange.part < parts.size()) {
        const BodyPart& part = parts[exchange.part];
        const std::uint64_t length = exchange.part_lengths[exchange.part];
        if (exchange.part_offset >= length) {
            if (exchange.file != nullptr) std::fclose(exchange.file);
            exchange.file = nullptr;
            ++exchange.part;
            exchange.part_offset = 0;
            continue;
        }
        const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(room - filled, length - exchange.part_offset));
        if (part.file_path.empty()) {
            std::memcpy(buffer + filled, part.data.data() + exchange.part_offset, wanted);
            filled += wanted;
            exchange.part_offset += wanted;
            continue;
        }
        if (exchange.file == nullptr) {
            exchange.file = std::fopen(part.file_path.c_str(), "rbe");
            if (exchange.file == nullptr ||
                std::fseek(exchange.file, static_cast<long>(part.file_offset), SEEK_SET) != 0) {
                exchange.read_error = "cannot read " + part.file_path + ": " + std::strerror(errno);
                return CURL_READFUNC_ABORT;
            }
        }
        const std::size_t got = std::fread(buffer + filled, 1, wanted, exchange.file);
        if (got == 0) {
            exchange.read_error = part.file_path + " ended before its announced length";
            return CURL_READFUNC_ABORT;
        }
        filled += got;
        exchange.part_offset += got;
    }
    return filled;
}

int on_progress(void* target, curl_off_t receive_total, curl_off_t received, curl_off_t send_total, curl_off_t sent) {
    const auto& exchange = *static_cast<Exchange*>(target);
    exchange.call->on_progress(static_cast<std::uint64_t>(sent), static_cast<std::uint64_t>(send_total),
                               static_cast<std::uint64_t>(received), static_cast<std::uint64_t>(receive_total));
    return 0;
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

std::string megabytes(std::size_t bytes) {
    return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB" : std::to_string(bytes >> 10) + " KiB";
}

std::string seconds(long milliseconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(milliseconds) / 1000.0);
    return text;
}

// CA locations the way OpenSSL's defaults would honour them, which libcurl does not do by itself.
void apply_trust_settings(CURL* handle) {
    if (const auto file = core::env("SSL_CERT_FILE")) curl_easy_setopt(handle, CURLOPT_CAINFO, file->c_str());
    if (const auto dir = core::env("SSL_CERT_DIR")) curl_easy_setopt(handle, CURLOPT_CAPATH, dir->c_str());
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
    exchange.call = &call;
    exchange.handle = handle;
    HeaderList headers;
    for (const auto& [name, value] : call.headers) {
        if (name.find_first_of("\r\n:") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) {
            throw usage_error("refusing to send a header with a line break or a colon in its name");
        }
        headers.add(name + ": " + value);
    }
    const bool has_body = !call.body.empty() || !call.body_parts.empty() || call.method == "POST" || call.method == "PUT";
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
    // Refused at once when the declared length is over the cap (unless only the first bytes are wanted).
    if (call.read_at_most_bytes == 0) {
        curl_easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(call.max_response_bytes));
    }
    curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, &open_socket);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.list);
    // A write never rides a kept-alive connection: when one turns out closed, libcurl silently sends
    // the request again on a new one, and a server that had acted on it would act twice.
    curl_easy_setopt(handle, CURLOPT_FRESH_CONNECT, is_write(call) ? 1L : 0L);
    apply_trust_settings(handle);
    if (call.method == "GET") {
        curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    } else if (call.method == "HEAD") {
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (call.body_parts.empty() || call.method == "PUT") {
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    }
    if (!call.body_parts.empty()) {
        std::uint64_t total = 0;
        for (const auto& part : call.body_parts) total += exchange.part_lengths.emplace_back(part_length(part));
        if (call.method == "PUT") {
            curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(total));
        } else {
            curl_easy_setopt(handle, CURLOPT_POST, 1L);
            curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(total));
            if (call.method != "POST") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, call.method.c_str());
        }
        curl_easy_setopt(handle, CURLOPT_READFUNCTION, &on_read);
        curl_easy_setopt(handle, CURLOPT_READDATA, &exchange);
    } else if (has_body) {
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, call.body.data());
    }
    if (call.on_progress) {
        curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &on_progress);
        curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &exchange);
    }

    CURLcode rc = curl_easy_perform(handle);
    if (exchange.enough_read && rc == CURLE_WRITE_ERROR) {  // stopped on purpose: what arrived is the answer
        exchange.answer.truncated = true;
        rc = CURLE_OK;
    }
    long request_bytes = 0;  // headers sent: zero when the connection never got that far
    curl_easy_getinfo(handle, CURLINFO_REQUEST_SIZE, &request_bytes);
    const bool delivered = request_bytes > 0;
    if (exchange.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        throw TransportError("the answer from " + endpoint + " is larger than " + megabytes(call.max_response_bytes) +
                                 "; stopped reading it",
                             false, delivered);
    }
    if (!exchange.read_error.empty()) throw TransportError("sending to " + endpoint + " failed: " + exchange.read_error, false);
    if (exchange.headers_too_large) {
        throw TransportError("the answer from " + endpoint + " has more than 256 KiB of headers; stopped reading it",
                             false, delivered);
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        // Once part of a body was streamed it cannot be taken back: the request is not sent again.
        throw TransportError("no complete answer from " + endpoint + " within " + seconds(timeout_ms) + " s", !exchange.streamed,
                             delivered);
    }
    if (rc != CURLE_OK) {
        throw TransportError("no answer from " + endpoint + ": " + curl_easy_strerror(rc), !exchange.streamed, delivered);
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
