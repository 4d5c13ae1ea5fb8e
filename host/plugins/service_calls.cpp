#include "plugins/service_calls.hpp"

#include "log/redactor.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"
#include "vault/fields.hpp"
#include "vault/vault.hpp"

#include <agoras/json.hpp>

#include <spdlog/spdlog.h>

namespace agoras::host::plugins::calls {
namespace {

// Parses record fields handed over by a plugin; StatusError(AGORAS_ERR_PLUGIN) when malformed.
vault::Fields fields_from_plugin(const char* json) {
    try {
        return vault::from_json(json != nullptr ? json : "");
    } catch (const std::invalid_argument& e) {
        throw StatusError(AGORAS_ERR_PLUGIN, std::string("the plugin passed invalid record fields: ") + e.what());
    }
}

// Values of secret fields read from the vault are redacted from then on.
void register_secrets(const std::optional<vault::Record>& record, const std::set<std::string>& declared) {
    if (!record) return;
    for (const auto& [name, value] : record->fields) {
        if (vault::is_secret_field(name, declared) && value.is_string) log::add_secret(value.text);
    }
}

// 0: the record does not expire; negative (since 1.1): an update keeps the record's expiry.
std::optional<std::int64_t> expiry(int64_t expires_at_unix) {
    if (expires_at_unix < 0) return vault::kKeepExpiry;
    return expires_at_unix > 0 ? std::optional<std::int64_t>(expires_at_unix) : std::nullopt;
}

// "default" names the default account, which for a run whose user named an account is that one.
std::string identifier_in(const ServiceContext& context, const std::string& scope, const char* identifier) {
    const std::string name = text_or_empty(identifier);
    const std::string& named = context.named_account(scope);
    return name == "default" && !named.empty() ? named : name;
}

void send(agoras_string_sink sink, void* sink_context, const std::string& text) {
    if (sink == nullptr) throw StatusError(AGORAS_ERR_PLUGIN, "the plugin passed no sink");
    sink(sink_context, text.data(), text.size());
}

}  // namespace

net::HttpAnswer http_send(const ServiceContext& run, const net::HttpCall& call) {
    net::HttpAnswer answer;
    const services::Outcome outcome = services::net().http_send(call, answer);
    if (net::is_write(call) && (outcome.ok() ? answer.status >= 500 : answer.maybe_delivered)) run.note_uncertain_write();
    services::check(outcome);
    // Still 429 after the host's retries: every run that shares the state store holds back too.
    if (answer.status == 429 && !run.platform().empty()) {
        const services::Outcome noted = services::state().backoff_note(run.platform(), run.account(), answer.header("Retry-After"),
                                                                       answer.header("RateLimit-Reset"));
        if (!noted.ok()) spdlog::debug("the rate limit could not be recorded: {}", noted.message);
    }
    return answer;
}

void deliver(const net::HttpAnswer& answer, bool body, agoras_string_sink body_sink, void* body_context,
             agoras_string_sink header_sink, void* header_context) {
    if (body) body_sink(body_context, answer.body.data(), answer.body.size());
    if (header_sink == nullptr) return;
    for (const auto& [name, value] : answer.headers) {
        const std::string line = name + ": " + value;
        header_sink(header_context, line.data(), line.size());
    }
}

void vault_get(const ServiceContext& context, const char* platform, const char* identifier, agoras_string_sink sink,
               void* sink_context, int32_t* found) {
    std::optional<vault::Record> record;
    const std::string scope = context.vault_scope(platform);
    services::check(services::vault().get(scope, identifier_in(context, scope, identifier), record));
    register_secrets(record, context.secret_fields(scope));
    if (found != nullptr) *found = record ? 1 : 0;
    if (record) send(sink, sink_context, vault::to_json(record->fields));
}

void vault_put(const ServiceContext& context, const char* platform, const char* identifier, const char* fields_json,
               int64_t expires_at_unix) {
    const std::string scope = context.vault_scope(platform);
    services::check(services::vault().put(scope, identifier_in(context, scope, identifier),
                                                  fields_from_plugin(fields_json), expiry(expires_at_unix)));
}

void vault_remove(const ServiceContext& context, const char* platform, const char* identifier, int32_t* existed) {
    bool removed = false;
    services::check(services::vault().remove(context.vault_scope(platform), text_or_empty(identifier), removed));
    if (existed != nullptr) *existed = removed ? 1 : 0;
}

void vault_list(const ServiceContext& context, const char* platform, agoras_string_sink sink, void* sink_context) {
    std::vector<vault::RecordInfo> infos;
    services::check(services::vault().list(context.vault_scope(platform), infos));
    Json identifiers = Json::array();
    for (const auto& info : infos) identifiers.push(info.identifier);
    send(sink, sink_context, identifiers.serialize());
}

void vault_update(const ServiceContext& context, const char* platform, const char* identifier,
                  agoras_vault_update_fn update, void* update_context, int64_t expires_at_unix) {
    if (update == nullptr) throw StatusError(AGORAS_ERR_PLUGIN, "the plugin passed no update function");
    const auto change = [&](const std::optional<vault::Record>& current,
                            std::optional<vault::Fields>& result) -> services::Outcome {
        services::Outcome outcome;
        outcome.status = sdk::detail::convert_exceptions(
            AGORAS_ERR_GENERIC, [&](const char* message) noexcept { outcome.message = message; }, [&] {
                register_secrets(current, context.secret_fields(context.vault_scope(platform)));
                const std::string current_json = current ? vault::to_json(current->fields) : "";
                std::string next;
                int32_t store = 0;
                char buffer[sdk::detail::kErrorCapacity] = {0};
                agoras_error plugin_error{buffer, sizeof buffer};
                const agoras_status status =
                    update(update_context, current ? current_json.c_str() : nullptr, &sdk::detail::append_to_string,
                           &next, &store, &plugin_error);
                if (status != AGORAS_OK) throw StatusError(status, buffer);
                if (store != 0) result = fields_from_plugin(next.c_str());
            });
        return outcome;
    };
    const std::string scope = context.vault_scope(platform);
    services::check(services::vault().update(scope, identifier_in(context, scope, identifier), change,
                                                     expiry(expires_at_unix)));
}

void vault_get_default(const ServiceContext& context, const char* platform, agoras_string_sink sink, void* sink_context) {
    const std::string scope = context.vault_scope(platform);
    std::string identifier = context.named_account(scope);
    if (identifier.empty()) services::check(services::vault().get_default(scope, identifier));
    send(sink, sink_context, identifier);
}

void vault_set_default(const ServiceContext& context, const char* platform, const char* identifier) {
    services::check(services::vault().set_default(context.vault_scope(platform), text_or_empty(identifier)));
}

}  // namespace agoras::host::plugins::calls
