#include "plugins/host_services.hpp"

#include "core/interrupt.hpp"

#include "clock.hpp"
#include "log/logging.hpp"
#include "log/progress.hpp"
#include "log/redactor.hpp"
#include "output/result_output.hpp"
#include "plugins/service_calls.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"
#include "vault/fields.hpp"

#include <agoras/json.hpp>

#include <chrono>

namespace agoras::host::plugins {

ResultSink stdout_sink() {
    return [](const std::string& json) { output::emit_result(json); };
}

namespace {

ServiceContext& self(void* context) { return *static_cast<ServiceContext*>(context); }

// Every entry point catches everything: an exception must never unwind into plugin code.

void log(void* context, uint32_t level, const char* message) {
    try {
        auto& logger = self(context).logger();
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

agoras_status emit_result(void* context, const char* json_object, agoras_error* error) {
    return guarded(error, [&] { self(context).emit(text_or_empty(json_object)); });
}

void progress(void*, const char* message) {
    try {
        log::progress(message != nullptr ? message : "");
    } catch (...) {
    }
}

void register_secret(void*, const char* value) {
    try {
        if (value != nullptr) log::add_secret(value);
    } catch (...) {
    }
}

int64_t now_unix_ms(void*) { return host::now_unix_ms(); }

void sleep_ms(void*, uint32_t milliseconds) { host::sleep_ms(milliseconds); }

agoras_status vault_get(void* context, const char* identifier, agoras_string_sink sink, void* sink_context,
                        int32_t* found, agoras_error* error) {
    return guarded(error, [&] { calls::vault_get(self(context), nullptr, identifier, sink, sink_context, found); });
}

agoras_status vault_put(void* context, const char* identifier, const char* fields_json, int64_t expires_at_unix,
                        agoras_error* error) {
    return guarded(error, [&] { calls::vault_put(self(context), nullptr, identifier, fields_json, expires_at_unix); });
}

agoras_status vault_delete(void* context, const char* identifier, int32_t* existed, agoras_error* error) {
    return guarded(error, [&] { calls::vault_remove(self(context), nullptr, identifier, existed); });
}

agoras_status vault_list(void* context, agoras_string_sink sink, void* sink_context, agoras_error* error) {
    return guarded(error, [&] { calls::vault_list(self(context), nullptr, sink, sink_context); });
}

agoras_status vault_update(void* context, const char* identifier, agoras_vault_update_fn update, void* update_context,
                           int64_t expires_at_unix, agoras_error* error) {
    return guarded(error, [&] {
        calls::vault_update(self(context), nullptr, identifier, update, update_context, expires_at_unix);
    });
}

agoras_status http_request(void* context, const agoras_http_request* request, agoras_http_response* response,
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
        call.timeout = std::chrono::milliseconds(request->timeout_ms);
        call.retry_safe = request->retry_safe != 0;
        const net::HttpAnswer answer = calls::http_send(self(context), call);
        response->status_code = answer.status;
        calls::deliver(answer, true, response->body_sink, response->body_context, response->header_sink,
                       response->header_context);
    });
}

agoras_status oauth_authorize(void*, const agoras_oauth_request* request, agoras_string_sink code_sink,
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
        net::OAuthGrant grant;
        services::check(services::net().oauth_authorize(oauth, grant));
        const std::string& code = grant["code"];
        log::add_secret(code);
        code_sink(code_context, code.data(), code.size());
    });
}

const void* get_extension(void*, const char* id) { return find_host_extension(id); }

}  // namespace

ServiceContext::ServiceContext(const std::string& plugin_id, std::vector<std::string> platforms, SecretFields secret_fields)
    : plugin_id_(plugin_id),
      platforms_(std::move(platforms)),
      secret_fields_(std::make_shared<const SecretFields>(std::move(secret_fields))),
      sink_(stdout_sink()),
      logger_(log::plugin_logger(plugin_id)) {
    table_.struct_size = sizeof(agoras_host_services);
    table_.abi_major = AGORAS_ABI_MAJOR;
    table_.abi_minor = AGORAS_ABI_MINOR;
    table_.context = this;
    table_.log = &log;
    table_.emit_result = &emit_result;
    table_.progress = &progress;
    table_.register_secret = &register_secret;
    table_.now_unix_ms = &now_unix_ms;
    table_.sleep_ms = &sleep_ms;
    table_.vault_get = &vault_get;
    table_.vault_put = &vault_put;
    table_.vault_delete = &vault_delete;
    table_.vault_list = &vault_list;
    table_.vault_update = &vault_update;
    table_.http_request = &http_request;
    table_.oauth_authorize = &oauth_authorize;
    table_.get_extension = &get_extension;
}

std::unique_ptr<ServiceContext> ServiceContext::for_run(const std::string& platform, ResultSink sink,
                                                        ResultSink checkpoint_sink, std::string account,
                                                        std::atomic<bool>* uncertain_writes) const {
    auto run = std::make_unique<ServiceContext>(plugin_id_, platforms_);
    run->secret_fields_ = secret_fields_;
    run->bind(platform, std::move(sink));
    run->checkpoint_sink_ = std::move(checkpoint_sink);
    run->account_ = std::move(account);
    run->uncertain_writes_ = uncertain_writes;
    return run;
}

const std::set<std::string>& ServiceContext::secret_fields(const std::string& scope) const {
    static const std::set<std::string> none;
    const auto found = secret_fields_->find(scope);
    return found == secret_fields_->end() ? none : found->second;
}

const std::string& ServiceContext::named_account(const std::string& scope) const {
    static const std::string none;
    return scope == platform_ ? account_ : none;
}

void ServiceContext::checkpoint(const std::string& json_object) const {
    if (!Json::parse(json_object).is_object()) throw StatusError(AGORAS_ERR_PLUGIN, "a checkpoint must be a JSON object");
    core::note_checkpoint(platform_, json_object);  // what Ctrl-C reports, from now on
    if (checkpoint_sink_) checkpoint_sink_(json_object);
}

void ServiceContext::note_uncertain_write() const {
    if (uncertain_writes_ != nullptr) *uncertain_writes_ = true;
}

void ServiceContext::bind(const std::string& platform, ResultSink sink) {
    platform_ = platform;
    sink_ = std::move(sink);
}

void ServiceContext::emit(const std::string& json_object) const { sink_(json_object); }

std::string ServiceContext::vault_scope(const char* platform) const {
    if (platform == nullptr || *platform == '\0') {
        if (platform_.empty()) throw StatusError(AGORAS_ERR_PLUGIN, "the vault was used outside of an action");
        return platform_;
    }
    for (const auto& own : platforms_) {
        if (own == platform) return own;
    }
    throw StatusError(AGORAS_ERR_PLUGIN, "plugin '" + plugin_id_ + "' may not use the vault records of platform '" +
                                             std::string(platform) + "', which it does not provide");
}

}  // namespace agoras::host::plugins
