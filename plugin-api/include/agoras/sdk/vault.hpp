// The token vault of sdk::Host (host.hpp): agoras.vault/2 when the host has it (platform scopes, the
// default account), else the 1.0 services.
#ifndef AGORAS_SDK_VAULT_HPP
#define AGORAS_SDK_VAULT_HPP

#include <agoras/ext/vault.h>
#include <agoras/sdk/host.hpp>

#include <exception>

namespace agoras::sdk {

inline std::optional<std::string> Host::vault_get(const std::string& identifier, const std::string& platform) const {
    std::string fields;
    std::int32_t found = 0;
    if (const auto* v2 = vault_v2(platform)) {
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->get(services_->context, platform.c_str(), identifier.c_str(), &detail::append_to_string,
                           &fields, &found, es, ec);
        });
    } else {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_get), "vault_get");
        call([&](agoras_error* e) {
            return services_->vault_get(services_->context, identifier.c_str(), &detail::append_to_string,
                                        &fields, &found, e);
        });
    }
    if (found == 0) return std::nullopt;
    return fields;
}

inline void Host::vault_put(const std::string& identifier, const std::string& fields_json, std::int64_t expires_at_unix,
                            const std::string& platform) const {
    if (const auto* v2 = vault_v2(platform)) {
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->put(services_->context, platform.c_str(), identifier.c_str(), fields_json.c_str(),
                           expires_at_unix, es, ec);
        });
        return;
    }
    require(AGORAS_SDK_HAS_SERVICE(services_, vault_put), "vault_put");
    call([&](agoras_error* e) {
        return services_->vault_put(services_->context, identifier.c_str(), fields_json.c_str(), expires_at_unix, e);
    });
}

inline bool Host::vault_delete(const std::string& identifier, const std::string& platform) const {
    std::int32_t existed = 0;
    if (const auto* v2 = vault_v2(platform)) {
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->remove(services_->context, platform.c_str(), identifier.c_str(), &existed, es, ec);
        });
        return existed != 0;
    }
    require(AGORAS_SDK_HAS_SERVICE(services_, vault_delete), "vault_delete");
    call([&](agoras_error* e) { return services_->vault_delete(services_->context, identifier.c_str(), &existed, e); });
    return existed != 0;
}

inline std::string Host::vault_list(const std::string& platform) const {
    std::string identifiers;
    if (const auto* v2 = vault_v2(platform)) {
        call_v2([&](agoras_string_sink es, void* ec) {
            return v2->list(services_->context, platform.c_str(), &detail::append_to_string, &identifiers, es, ec);
        });
        return identifiers;
    }
    require(AGORAS_SDK_HAS_SERVICE(services_, vault_list), "vault_list");
    call([&](agoras_error* e) {
        return services_->vault_list(services_->context, &detail::append_to_string, &identifiers, e);
    });
    return identifiers;
}

inline void Host::vault_update(const std::string& identifier, const VaultChange& change, std::int64_t expires_at_unix,
                               const std::string& platform) const {
    struct Context {
        const VaultChange* change;
        std::exception_ptr failure;
    } context{&change, nullptr};
    auto trampoline = [](void* raw, const char* current, agoras_string_sink sink, void* sink_context,
                         std::int32_t* store, agoras_error* error) noexcept -> agoras_status {
        auto* ctx = static_cast<Context*>(raw);
        try {
            auto next = (*ctx->change)(current != nullptr ? std::optional<std::string>(current) : std::nullopt);
            if (next) {
                sink(sink_context, next->data(), next->size());
                *store = 1;
            }
            return AGORAS_OK;
        } catch (...) {
            ctx->failure = std::current_exception();
            detail::copy_message(error, "update aborted by the plugin");
            return AGORAS_ERR_PLUGIN;
        }
    };
    agoras_status status = AGORAS_OK;
    std::string message;
    if (const auto* v2 = vault_v2(platform)) {
        status = v2->update(services_->context, platform.c_str(), identifier.c_str(), trampoline, &context,
                            expires_at_unix, &detail::append_to_string, &message);
    } else {
        require(AGORAS_SDK_HAS_SERVICE(services_, vault_update), "vault_update");
        char buffer[detail::kErrorCapacity] = {0};
        agoras_error error{buffer, sizeof buffer};
        status = services_->vault_update(services_->context, identifier.c_str(), trampoline, &context,
                                         expires_at_unix, &error);
        message = buffer;
    }
    if (context.failure) std::rethrow_exception(context.failure);
    if (status != AGORAS_OK) throw Error(status, message);
}

inline std::string Host::vault_default(const std::string& platform) const {
    const auto* v2 = require_vault_v2();
    std::string identifier;
    call_v2([&](agoras_string_sink es, void* ec) {
        return v2->get_default(services_->context, platform.c_str(), &detail::append_to_string, &identifier, es, ec);
    });
    return identifier;
}

inline void Host::vault_set_default(const std::string& identifier, const std::string& platform) const {
    const auto* v2 = require_vault_v2();
    call_v2([&](agoras_string_sink es, void* ec) {
        return v2->set_default(services_->context, platform.c_str(), identifier.c_str(), es, ec);
    });
}

}  // namespace agoras::sdk

#endif
