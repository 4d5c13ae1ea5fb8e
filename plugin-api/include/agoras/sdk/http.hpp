// HTTP through sdk::Host (host.hpp): requests and answers, sent by agoras.http/2 (the host's retry
// policy, classifiers, body parts, streaming, caps) or, on a 1.0 host, by its plain request service.
#ifndef AGORAS_SDK_HTTP_HPP
#define AGORAS_SDK_HTTP_HPP

#include <agoras/ext/http.h>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/multipart.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include <utility>
#include <vector>

namespace agoras::sdk {

struct HttpResponse {
    int status = 0;
    std::string body;
    std::vector<std::string> header_lines;  // "Name: value"
    std::uint32_t attempts = 1;             // how many times the request was sent

    // The value of header `name` (case-insensitive), or "".
    std::string header(const std::string& name) const {
        for (const auto& line : header_lines) {
            const auto colon = line.find(':');
            if (colon != name.size()) continue;
            bool same = true;
            for (std::size_t i = 0; i < colon && same; ++i) {
                same = std::tolower(static_cast<unsigned char>(line[i])) == std::tolower(static_cast<unsigned char>(name[i]));
            }
            if (same) return line.substr(line.find_first_not_of(' ', colon + 1) == std::string::npos
                                             ? line.size()
                                             : line.find_first_not_of(' ', colon + 1));
        }
        return "";
    }
};

enum class HttpVerdict { final = AGORAS_HTTP_FINAL, retry = AGORAS_HTTP_RETRY, host_default = AGORAS_HTTP_DEFAULT };

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                 // a body in memory, or:
    std::vector<BodyPart> body_parts; // a body of parts (Multipart::parts()), files streamed from disk
    std::string content_type;         // empty: none
    std::uint32_t timeout_ms = 0;     // 0: host default; a deadline for the whole exchange
    bool retry_safe = false;          // sending twice cannot do anything twice
    std::uint32_t max_attempts = 0;   // 0: AGORAS_HTTP_DEFAULT_ATTEMPTS
    std::uint64_t max_response_bytes = 0;  // 0: 16 MiB
    // Non-zero: only the body's first this many bytes are wanted (a page's <head>); the host stops reading
    // there, whatever the body's length (a host older than the field reads it whole, within max_response_bytes).
    std::uint64_t read_at_most_bytes = 0;
    std::uint32_t max_redirects = 0;  // 0: a redirect is an error
    std::string progress_label;       // shown on a terminal while sending, e.g. "uploading clip.mp4"
    // Set: a 2xx answer's body is handed over here as it arrives (a download written to disk) instead of
    // into HttpResponse::body; other answers' bodies are kept in HttpResponse::body as usual. An exception
    // it throws is rethrown by http() once the exchange ends.
    std::function<void(const char* data, std::size_t size)> stream_body;
    // Says which answers were not acted on by the server and may be sent again (the platform's own
    // throttling codes, say). `retry_after_ms` may be set; 0 lets the host choose the wait.
    std::function<HttpVerdict(const HttpResponse& answer, std::uint32_t& retry_after_ms)> classify;
};

struct Host::RawHeaders {
    explicit RawHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
        for (const auto& [name, value] : headers) structs.push_back({name.c_str(), value.c_str()});
        for (const auto& h : structs) pointers.push_back(&h);
    }
    std::vector<agoras_http_header> structs;
    std::vector<const agoras_http_header*> pointers;
};

template <typename RawResponse>
void Host::capture_into(RawResponse& raw, HttpResponse& response) {
    raw.body_sink = &detail::append_to_string;
    raw.body_context = &response.body;
    raw.header_sink = [](void* target, const char* data, std::size_t size) {
        static_cast<std::vector<std::string>*>(target)->emplace_back(data, size);
    };
    raw.header_context = &response.header_lines;
}

inline HttpResponse Host::http_v1(const HttpRequest& request) const {
    require(AGORAS_SDK_HAS_SERVICE(services_, http_request), "http_request");
    if (!request.body_parts.empty() || request.classify) {
        throw Error(AGORAS_ERR_PLUGIN, "this agoras host does not provide " AGORAS_EXT_HTTP_V2);
    }
    const RawHeaders headers(request.headers);
    agoras_http_request raw{};
    raw.struct_size = sizeof raw;
    raw.method = request.method.c_str();
    raw.url = request.url.c_str();
    raw.headers = headers.pointers.data();
    raw.header_count = static_cast<std::uint32_t>(headers.pointers.size());
    raw.body = request.body.data();
    raw.body_size = request.body.size();
    raw.content_type = request.content_type.empty() ? nullptr : request.content_type.c_str();
    raw.timeout_ms = request.timeout_ms;
    raw.retry_safe = request.retry_safe ? 1u : 0u;
    HttpResponse response;
    agoras_http_response raw_response{};
    raw_response.struct_size = sizeof raw_response;
    capture_into(raw_response, response);
    call([&](agoras_error* e) { return services_->http_request(services_->context, &raw, &raw_response, e); });
    response.status = raw_response.status_code;
    if (request.stream_body && response.status >= 200 && response.status < 300) {  // a 1.0 host answers whole
        request.stream_body(response.body.data(), response.body.size());
        response.body.clear();
    }
    return response;
}

inline HttpResponse Host::http(const HttpRequest& request) const {
    const auto* v2 = extension<agoras_http_v2>(AGORAS_EXT_HTTP_V2);
    if (v2 == nullptr) return http_v1(request);
    const RawHeaders headers(request.headers);
    std::vector<agoras_http_body_part> parts;
    if (!request.body.empty()) parts.push_back({sizeof(agoras_http_body_part), request.body.data(), request.body.size(), nullptr, 0, 0});
    for (const auto& part : request.body_parts) {
        if (part.file_path.empty()) {
            parts.push_back({sizeof(agoras_http_body_part), part.data.data(), part.data.size(), nullptr, 0, 0});
        } else {
            parts.push_back({sizeof(agoras_http_body_part), nullptr, 0, part.file_path.c_str(), part.file_offset,
                             part.file_length});
        }
    }
    std::vector<const agoras_http_body_part*> part_ptrs;
    for (const auto& p : parts) part_ptrs.push_back(&p);

    struct Classifier {
        const HttpRequest* request;
        std::exception_ptr failure;
    } classifier{&request, nullptr};
    agoras_http_request_v2 raw{};
    raw.struct_size = sizeof raw;
    raw.method = request.method.c_str();
    raw.url = request.url.c_str();
    raw.headers = headers.pointers.data();
    raw.header_count = static_cast<std::uint32_t>(headers.pointers.size());
    raw.body_parts = part_ptrs.data();
    raw.body_part_count = static_cast<std::uint32_t>(part_ptrs.size());
    raw.content_type = request.content_type.empty() ? nullptr : request.content_type.c_str();
    raw.timeout_ms = request.timeout_ms;
    raw.retry_safe = request.retry_safe ? 1u : 0u;
    raw.max_attempts = request.max_attempts;
    raw.max_response_bytes = request.max_response_bytes;
    raw.read_at_most_bytes = request.read_at_most_bytes;
    raw.max_redirects = request.max_redirects;
    raw.progress_label = request.progress_label.empty() ? nullptr : request.progress_label.c_str();
    if (request.classify) {
        raw.classifier_context = &classifier;
        raw.classify = [](void* ctx, std::int32_t status, const char* body, std::size_t body_size,
                          const char* header_text, std::uint32_t* retry_after_ms) noexcept -> std::uint32_t {
            auto* self = static_cast<Classifier*>(ctx);
            try {
                HttpResponse answer;
                answer.status = status;
                answer.body.assign(body != nullptr ? body : "", body != nullptr ? body_size : 0);
                const std::string all = header_text != nullptr ? header_text : "";
                for (std::size_t start = 0; start < all.size();) {
                    const auto end = std::min(all.find('\n', start), all.size());
                    if (end > start) answer.header_lines.push_back(all.substr(start, end - start));
                    start = end + 1;
                }
                return static_cast<std::uint32_t>(self->request->classify(answer, *retry_after_ms));
            } catch (...) {
                self->failure = std::current_exception();
                return AGORAS_HTTP_FINAL;
            }
        };
    }
    HttpResponse response;
    agoras_http_response_v2 raw_response{};
    raw_response.struct_size = sizeof raw_response;
    capture_into(raw_response, response);
    // Streaming: the host hands over a 2xx body while the status is not yet set, and any other answer's
    // body whole after setting it; the latter stays in response.body.
    struct Stream {
        const HttpRequest* request;
        agoras_http_response_v2* raw;
        HttpResponse* response;
        std::exception_ptr failure;
    } stream{&request, &raw_response, &response, nullptr};
    if (request.stream_body) {
        raw_response.stream_body = 1;
        raw_response.body_context = &stream;
        raw_response.body_sink = [](void* context, const char* data, std::size_t size) {
            auto* self = static_cast<Stream*>(context);
            const std::int32_t status = self->raw->status_code;
            if (status != 0 && (status < 200 || status > 299)) {
                self->response->body.append(data, size);
                return;
            }
            if (self->failure) return;
            try {
                self->request->stream_body(data, size);
            } catch (...) {
                self->failure = std::current_exception();
            }
        };
    }
    call_v2([&](agoras_string_sink es, void* ec) { return v2->send(services_->context, &raw, &raw_response, es, ec); });
    if (classifier.failure) std::rethrow_exception(classifier.failure);
    if (stream.failure) std::rethrow_exception(stream.failure);
    response.status = raw_response.status_code;
    response.attempts = raw_response.attempts;
    return response;
}

}  // namespace agoras::sdk

#endif
