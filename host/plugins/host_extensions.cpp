// The host's 1.1 extensions (agoras.http/2, agoras.oauth/2, agoras.vault/2): each a static table
// whose functions take the calling run's ServiceContext.
#include "plugins/host_services.hpp"

#include "clock.hpp"
#include "core/environment.hpp"
#include "log/progress.hpp"
#include "log/redactor.hpp"
#include "plugins/service_calls.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace agoras::host::plugins {
namespace {

ServiceContext& self(void* context) { return *static_cast<ServiceContext*>(context); }

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

agoras_status http_send(void*, const agoras_http_request_v2* request, agoras_http_response_v2* response,
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
        net::HttpAnswer answer;
        services::check(services::backend().http_send(call, answer));
        response->status_code = answer.status;
        response->attempts = static_cast<std::uint32_t>(answer.attempts);
        calls::deliver(answer, response->stream_body == 0, response->body_sink, response->body_context,
                       response->header_sink, response->header_context);
    });
}

const agoras_http_v2 http_v2{sizeof(agoras_http_v2), &http_send};

// Where the callback listens: the plugin's redirect kind and path, on the port it names or else the
// host's (AGORAS_OAUTH_PORT).
net::OAuthRequest callback_of(std::uint32_t redirect, std::uint32_t port, const char* path) {
    net::OAuthRequest oauth;
    switch (redirect) {
    case AGORAS_OAUTH_HTTPS_LOOPBACK: oauth.redirect = net::OAuthRequest::Redirect::https_loopback; break;
    case AGORAS_OAUTH_HTTP_LOOPBACK: oauth.redirect = net::OAuthRequest::Redirect::http_loopback; break;
    case AGORAS_OAUTH_OUT_OF_BAND: oauth.redirect = net::OAuthRequest::Redirect::out_of_band; break;
    default: throw StatusError(AGORAS_ERR_PLUGIN, "unknown OAuth redirect kind from the plugin");
    }
    if (port > 65535) throw StatusError(AGORAS_ERR_PLUGIN, "OAuth request without a valid callback port");
    oauth.callback_port = port == 0 ? core::oauth_port() : static_cast<std::uint16_t>(port);
    if (path != nullptr && *path != '\0') {
        oauth.callback_path = path;
        if (oauth.callback_path.front() != '/' || oauth.callback_path.find_first_of("?# ") != std::string::npos) {
            throw StatusError(AGORAS_ERR_PLUGIN, "OAuth callback path must be an absolute path");
        }
    }
    return oauth;
}

agoras_status oauth_authorize(void*, const agoras_oauth_request_v2* request, agoras_string_sink result_sink,
                              void* result_context, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (request == nullptr || !AGORAS_HAS_FIELD(request, agoras_oauth_request_v2, no_browser) ||
            result_sink == nullptr) {
            throw StatusError(AGORAS_ERR_PLUGIN, "malformed OAuth request from the plugin");
        }
        net::OAuthRequest oauth = callback_of(request->redirect, request->callback_port, request->callback_path);
        oauth.authorize_url = text_or_empty(request->authorize_url);
        // The plugin's --timeout, else AGORAS_OAUTH_TIMEOUT, else 300 s.
        if (request->timeout_seconds > 0) {
            oauth.timeout = std::chrono::seconds(request->timeout_seconds);
        } else if (const auto configured = core::oauth_timeout_seconds()) {
            oauth.timeout = std::chrono::seconds(*configured);
        }
        oauth.no_browser = request->no_browser != 0;
        oauth.pkce = request->pkce != 0;
        net::OAuthGrant grant;
        services::check(services::backend().oauth_authorize(oauth, grant));
        Json result = Json::object();
        for (const auto& [name, value] : grant) {
            if (name == "code" || name == "code_verifier") log::add_secret(value);
            result.set(name, value);
        }
        const std::string text = result.serialize();
        result_sink(result_context, text.data(), text.size());
    });
}

agoras_status oauth_redirect_uri(void*, uint32_t redirect, const char* callback_path, agoras_string_sink sink,
                                 void* sink_context, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        if (sink == nullptr) throw StatusError(AGORAS_ERR_PLUGIN, "the plugin passed no sink");
        const std::string uri = net::redirect_uri_of(callback_of(redirect, 0, callback_path));
        sink(sink_context, uri.data(), uri.size());
    });
}

const agoras_oauth_v2 oauth_v2{sizeof(agoras_oauth_v2), &oauth_authorize, &oauth_redirect_uri};

agoras_status vault_get(void* context, const char* platform, const char* identifier, agoras_string_sink sink,
                        void* sink_context, int32_t* found, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_get(self(context), platform, identifier, sink, sink_context, found); });
}
agoras_status vault_put(void* context, const char* platform, const char* identifier, const char* fields_json,
                        int64_t expires_at_unix, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_put(self(context), platform, identifier, fields_json, expires_at_unix); });
}
agoras_status vault_remove(void* context, const char* platform, const char* identifier, int32_t* existed,
                           agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_remove(self(context), platform, identifier, existed); });
}
agoras_status vault_list(void* context, const char* platform, agoras_string_sink sink, void* sink_context,
                         agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_list(self(context), platform, sink, sink_context); });
}
agoras_status vault_update(void* context, const char* platform, const char* identifier, agoras_vault_update_fn update,
                           void* update_context, int64_t expires_at_unix, agoras_string_sink error_sink,
                           void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        calls::vault_update(self(context), platform, identifier, update, update_context, expires_at_unix);
    });
}
agoras_status vault_get_default(void* context, const char* platform, agoras_string_sink sink, void* sink_context,
                                agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_get_default(self(context), platform, sink, sink_context); });
}
agoras_status vault_set_default(void* context, const char* platform, const char* identifier,
                                agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_set_default(self(context), platform, identifier); });
}

agoras_status journal_checkpoint(void* context, const char* json, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] { self(context).checkpoint(text_or_empty(json)); });
}

const agoras_journal_v1 journal_v1{sizeof(agoras_journal_v1), &journal_checkpoint};

const agoras_vault_v2 vault_v2{sizeof(agoras_vault_v2), &vault_get,        &vault_put,        &vault_remove,
                               &vault_list,             &vault_update,     &vault_get_default, &vault_set_default};

}  // namespace

const void* find_host_extension(const char* id) {
    if (id == nullptr) return nullptr;
    if (std::strcmp(id, AGORAS_EXT_HTTP_V2) == 0) return &http_v2;
    if (std::strcmp(id, AGORAS_EXT_OAUTH_V2) == 0) return &oauth_v2;
    if (std::strcmp(id, AGORAS_EXT_VAULT_V2) == 0) return &vault_v2;
    if (std::strcmp(id, AGORAS_EXT_JOURNAL_V1) == 0) return &journal_v1;
    return nullptr;
}

}  // namespace agoras::host::plugins
