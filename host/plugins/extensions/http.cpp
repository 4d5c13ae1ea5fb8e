#include "plugins/extensions/extensions.hpp"

#include "clock.hpp"
#include "log/progress.hpp"
#include "net/http_types.hpp"
#include "plugins/service_calls.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <algorithm>
#include <cstddef>
#include <chrono>
#include <memory>

namespace agoras::host::plugins::extensions {
namespace {

constexpr std::uint32_t kMaxRedirectHops = 5;

// A progress line at most once a second, so a terminal is not flooded during a large upload.
std::function<void(std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t)> progress_reporter(std::string label) {
    auto last = std::make_shared<std::int64_t>(0);
    return [label = std::move(label), last](std::uint64_t sent, std::uint64_t send_total, std::uint64_t received,
                                            std::uint64_t receive_total) {
        const std::int64_t now = now_unix_ms();
        if (now - *last < 1000) return;
        *last = now;
        const auto percent = [](std::uint64_t done, std::uint64_t total) {
            return total > 0 ? " " + std::to_string(done * 100 / total) + "%" : " " + std::to_string(done >> 10) + " KiB";
        };
        log::progress(label + (send_total > 0 && sent < send_total ? percent(sent, send_total)
                                                                      : percent(received, receive_total)));
    };
}

net::HttpCall call_from(const agoras_http_request_v2& request) {
    net::HttpCall call;
    call.method = text_or_empty(request.method);
    call.url = text_or_empty(request.url);
    for (uint32_t i = 0; i < request.header_count; ++i) {
        call.headers.emplace_back(text_or_empty(request.headers[i]->name), text_or_empty(request.headers[i]->value));
    }
    for (uint32_t i = 0; i < request.body_part_count; ++i) {
        const agoras_http_body_part* part = request.body_parts[i];
        if (part == nullptr || !AGORAS_HAS_FIELD(part, agoras_http_body_part, file_length)) {
            throw StatusError(AGORAS_ERR_PLUGIN, "malformed body part from the plugin");
        }
        net::BodyPart copy;
        if (part->file_path != nullptr) {
            copy.file_path = part->file_path;
            copy.file_offset = part->file_offset;
            copy.file_length = part->file_length;
        } else if (part->data != nullptr) {
            copy.data.assign(part->data, part->size);
        }
        call.body_parts.push_back(std::move(copy));
    }
    call.content_type = text_or_empty(request.content_type);
    call.timeout = std::chrono::milliseconds(request.timeout_ms);
    call.retry_safe = request.retry_safe != 0;
    // Out-of-range asks are clamped by the policy (attempts) and here (size).
    call.max_attempts = request.max_attempts == 0 ? net::kDefaultAttempts : static_cast<int>(std::min<std::uint32_t>(
                                                                                request.max_attempts, net::kMaxAttemptsAllowed));
    call.max_response_bytes = request.max_response_bytes == 0
                                  ? net::kDefaultMaxResponseBytes
                                  : static_cast<std::size_t>(std::min<std::uint64_t>(request.max_response_bytes,
                                                                                     net::kMediaMaxResponseBytes));
    call.max_redirects = static_cast<int>(std::min(request.max_redirects, kMaxRedirectHops));
    // Appended after 1.1: only read from a request whose plugin knew the field.
    const bool knows_read_at_most = request.struct_size >= offsetof(agoras_http_request_v2, read_at_most_bytes) +
                                                               sizeof request.read_at_most_bytes;
    if (knows_read_at_most && request.read_at_most_bytes > 0) {
        call.read_at_most_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(request.read_at_most_bytes,
                                                                                  net::kMediaMaxResponseBytes));
    }
    if (request.classify != nullptr) {
        const auto classify = request.classify;
        void* context = request.classifier_context;
        call.classify = [classify, context](const net::HttpAnswer& answer, std::uint32_t& retry_after_ms) {
            std::string headers;
            for (const auto& [name, value] : answer.headers) headers += name + ": " + value + "\n";
            const std::uint32_t verdict =
                classify(context, answer.status, answer.body.data(), answer.body.size(), headers.c_str(), &retry_after_ms);
            return verdict == AGORAS_HTTP_RETRY ? net::Verdict::retry
                   : verdict == AGORAS_HTTP_FINAL ? net::Verdict::final
                                                  : net::Verdict::host_default;
        };
    }
    if (request.progress_label != nullptr) call.on_progress = progress_reporter(request.progress_label);
    return call;
}

agoras_status http_send(void* context, const agoras_http_request_v2* request, agoras_http_response_v2* response,
                        agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (request == nullptr || response == nullptr ||
            !AGORAS_HAS_FIELD(request, agoras_http_request_v2, progress_label) ||
            !AGORAS_HAS_FIELD(response, agoras_http_response_v2, header_context) || response->body_sink == nullptr) {
            throw StatusError(AGORAS_ERR_PLUGIN, "malformed HTTP request from the plugin");
        }
        net::HttpCall call = call_from(*request);
        if (response->stream_body != 0) {
            call.stream_body = [response](const char* data, std::size_t size) {
                response->body_sink(response->body_context, data, size);
            };
        }
        const net::HttpAnswer answer = calls::http_send(run_of(context), call);
        response->status_code = answer.status;
        response->attempts = static_cast<std::uint32_t>(answer.attempts);
        // Streamed: a 2xx body went out as it came; any other answer's body, kept whole, goes now.
        calls::deliver(answer, response->stream_body == 0 || !answer.body.empty(), response->body_sink, response->body_context,
                       response->header_sink, response->header_context);
    });
}

}  // namespace

const agoras_http_v2 http_v2{sizeof(agoras_http_v2), &http_send};

}  // namespace agoras::host::plugins::extensions
