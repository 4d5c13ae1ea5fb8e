#include "plugins/host_services.hpp"

#include "log/logging.hpp"
#include "log/redactor.hpp"
#include "output/result_output.hpp"
#include "clock.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json_object.hpp>

#include <chrono>
#include <cstring>
#include <thread>

namespace agoras::host::plugins {


void copy_error(agoras_error* error, const std::string& message) noexcept {
    if (error == nullptr || error->message == nullptr || error->capacity == 0) return;
    const std::size_t n = std::min(message.size(), error->capacity - 1);
    std::memcpy(error->message, message.data(), n);
    error->message[n] = '\0';
}

HostServices::HostServices(const std::string& plugin_id) : logger_(log::plugin_logger(plugin_id)) {
    table_.struct_size = sizeof(agoras_host_services);
    table_.abi_major = AGORAS_ABI_MAJOR;
    table_.abi_minor = AGORAS_ABI_MINOR;
    table_.context = this;
    table_.log = &HostServices::log;
    table_.emit_result = &HostServices::emit_result;
    table_.progress = &HostServices::progress;
    table_.register_secret = &HostServices::register_secret;
    table_.now_unix_ms = &HostServices::now_unix_ms;
    table_.sleep_ms = &HostServices::sleep_ms;
    table_.vault_get = &HostServices::vault_get;
    table_.vault_put = &HostServices::vault_put;
    table_.vault_delete = &HostServices::vault_delete;
    table_.vault_list = &HostServices::vault_list;
    table_.vault_update = &HostServices::vault_update;
    table_.http_request = &HostServices::http_request;
    table_.oauth_authorize = &HostServices::oauth_authorize;
}

// Every entry point catches everything: an exception must never unwind into plugin code.

void HostServices::log(void* context, uint32_t level, const char* message) {
    try {
        auto& logger = *static_cast<HostServices*>(context)->logger_;
        const char* text = message != nullptr ? message : "";
        switch (level) {
        case AGORAS_LOG_DEBUG: logger.debug("{}", text); break;
        case AGORAS_LOG_INFO: logger.info("{}", text); break;
        case AGORAS_LOG_WARNING: logger.warn("{}", text); break;
        case AGORAS_LOG_ERROR: logger.error("{}", text); break;
        default: logger.critical("{}", text); break;
        }
    } catch (...) {
    }
}

namespace {

// Runs a service body, converting any exception into a status and a message for the plugin.
template <typename Body>
agoras_status guarded(agoras_error* error, Body&& body) noexcept {
    try {
        body();
        return AGORAS_OK;
    } catch (const StatusError& e) {
        copy_error(error, e.what());
        return e.status();
    } catch (const std::exception& e) {
        copy_error(error, e.what());
        return AGORAS_ERR_GENERIC;
    }
}

std::string text_or_empty(const char* text) { return text != nullptr ? text : ""; }

// Parses record fields handed over by a plugin; StatusError(AGORAS_ERR_PLUGIN) when malformed.
vault::Fields fields_from_plugin(const char* json) {
    try {
        return vault::from_json(json != nullptr ? json : "");
    } catch (const std::invalid_argument& e) {
        throw StatusError(AGORAS_ERR_PLUGIN, std::string("the plugin passed invalid record fields: ") + e.what());
    }
}

// Values of secret fields read from the vault are redacted from then on.
void register_secrets(const std::optional<vault::Record>& record) {
    if (!record) return;
    for (const auto& [name, value] : record->fields) {
        if (vault::is_secret_field(name) && value.is_string) log::add_secret(value.text);
    }
}

std::optional<std::int64_t> expiry(int64_t expires_at_unix) {
    return expires_at_unix > 0 ? std::optional<std::int64_t>(expires_at_unix) : std::nullopt;
}

}  // namespace

agoras_status HostServices::emit_result(void*, const char* json_object, agoras_error* error) {
    return guarded(error, [&] { output::emit_result(text_or_empty(json_object)); });
}

agoras_status HostServices::vault_get(void* context, const char* identifier, agoras_string_sink sink,
                                      void* sink_context, int32_t* found, agoras_error* error) {
    return guarded(error, [&] {
        const auto& self = *static_cast<HostServices*>(context);
        std::optional<vault::Record> record;
        services::check(services::backend().vault_get(self.platform_, text_or_empty(identifier), record));
        register_secrets(record);
        *found = record ? 1 : 0;
        if (record) {
            const std::string json = vault::to_json(record->fields);
            sink(sink_context, json.data(), json.size());
        }
    });
}

agoras_status HostServices::vault_put(void* context, const char* identifier, const char* fields_json,
                                      int64_t expires_at_unix, agoras_error* error) {
    return guarded(error, [&] {
        const auto& self = *static_cast<HostServices*>(context);
        services::check(services::backend().vault_put(self.platform_, text_or_empty(identifier),
                                                      fields_from_plugin(fields_json), expiry(expires_at_unix)));
    });
}

agoras_status HostServices::vault_delete(void* context, const char* identifier, int32_t* existed,
                                         agoras_error* error) {
    return guarded(error, [&] {
        const auto& self = *static_cast<HostServices*>(context);
        bool removed = false;
        services::check(services::backend().vault_remove(self.platform_, text_or_empty(identifier), removed));
        *existed = removed ? 1 : 0;
    });
}

agoras_status HostServices::vault_list(void* context, agoras_string_sink sink, void* sink_context,
                                       agoras_error* error) {
    return guarded(error, [&] {
        const auto& self = *static_cast<HostServices*>(context);
        std::vector<vault::RecordInfo> infos;
        services::check(services::backend().vault_list(self.platform_, infos));
        Json identifiers = Json::array();
        for (const auto& info : infos) identifiers.push(info.identifier);
        const std::string json = identifiers.serialize();
        sink(sink_context, json.data(), json.size());
    });
}

agoras_status HostServices::vault_update(void* context, const char* identifier, agoras_vault_update_fn update,
                                         void* update_context, int64_t expires_at_unix, agoras_error* error) {
    return guarded(error, [&] {
        const auto& self = *static_cast<HostServices*>(context);
        const auto change = [&](const std::optional<vault::Record>& current,
                                std::optional<vault::Fields>& result) -> services::Outcome {
            try {
                register_secrets(current);
                const std::string current_json = current ? vault::to_json(current->fields) : "";
                std::string next;
                int32_t store = 0;
                char buffer[1024] = {0};
                agoras_error plugin_error{buffer, sizeof buffer};
                const agoras_status status =
                    update(update_context, current ? current_json.c_str() : nullptr,
                           [](void* target, const char* data, std::size_t size) {
                               static_cast<std::string*>(target)->append(data, size);
                           },
                           &next, &store, &plugin_error);
                if (status != AGORAS_OK) return {status, buffer};
                if (store != 0) result = fields_from_plugin(next.c_str());
                return {};
            } catch (const StatusError& e) {
                return {e.status(), e.what()};
            }
        };
        services::check(services::backend().vault_update(self.platform_, text_or_empty(identifier), change,
                                                         expiry(expires_at_unix)));
    });
}

void HostServices::progress(void*, const char* message) {
    try {
        output::progress(message != nullptr ? message : "");
    } catch (...) {
    }
}

void HostServices::register_secret(void*, const char* value) {
    try {
        if (value != nullptr) log::add_secret(value);
    } catch (...) {
    }
}

int64_t HostServices::now_unix_ms(void*) { return host::now_unix_ms(); }

void HostServices::sleep_ms(void*, uint32_t milliseconds) { host::sleep_ms(milliseconds); }

agoras_status HostServices::http_request(void*, const agoras_http_request* request, agoras_http_response* response,
                                         agoras_error* error) {
    return guarded(error, [&] {
        if (request == nullptr || response == nullptr || !AGORAS_HAS_FIELD(request, agoras_http_request, retry_safe) ||
            !AGORAS_HAS_FIELD(response, agoras_http_response, header_context) || response->body_sink == nullptr) {
            throw StatusError(AGORAS_ERR_PLUGIN, "malformed HTTP request from the plugin");
        }
        net::HttpCall call;
        call.method = text_or_empty(request->method);
        call.url = text_or_empty(request->url);
        for (uint32_t i = 0; i < request->header_count; ++i) {
            call.headers.emplace_back(text_or_empty(request->headers[i]->name), text_or_empty(request->headers[i]->value));
        }
        if (request->body != nullptr) call.body.assign(request->body, request->body_size);
        call.content_type = text_or_empty(request->content_type);
        if (request->timeout_ms > 0) call.timeout = std::chrono::milliseconds(request->timeout_ms);
        call.retry_safe = request->retry_safe != 0;

        net::HttpAnswer answer;
        services::check(services::backend().http_send(call, answer));
        response->status_code = answer.status;
        response->body_sink(response->body_context, answer.body.data(), answer.body.size());
        if (response->header_sink != nullptr) {
            for (const auto& [name, value] : answer.headers) {
                const std::string line = name + ": " + value;
                response->header_sink(response->header_context, line.data(), line.size());
            }
        }
    });
}

agoras_status HostServices::oauth_authorize(void*, const agoras_oauth_request* request, agoras_string_sink code_sink,
                                            void* code_context, agoras_error* error) {
    return guarded(error, [&] {
        if (request == nullptr || !AGORAS_HAS_FIELD(request, agoras_oauth_request, no_browser) || code_sink == nullptr ||
            request->callback_port == 0 || request->callback_port > 65535) {
            throw StatusError(AGORAS_ERR_PLUGIN, "malformed OAuth request from the plugin");
        }
        net::OAuthRequest oauth;
        oauth.authorize_url = text_or_empty(request->authorize_url);
        oauth.callback_port = static_cast<std::uint16_t>(request->callback_port);
        if (request->timeout_seconds > 0) oauth.timeout = std::chrono::seconds(request->timeout_seconds);
        oauth.no_browser = request->no_browser != 0;
        std::string code;
        services::check(services::backend().oauth_code(oauth, code));
        log::add_secret(code);
        code_sink(code_context, code.data(), code.size());
    });
}

}  // namespace agoras::host::plugins
