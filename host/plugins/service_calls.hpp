// The bodies of the host services, shared by the 1.0 table (host_services.cpp) and the 1.1
// extensions (host_extensions.cpp), so each service is written once. Each throws StatusError.
#pragma once

#include "net/http_types.hpp"
#include "plugins/host_services.hpp"

#include <agoras/sdk/error.hpp>

#include <string>

namespace agoras::host::plugins {

inline std::string text_or_empty(const char* text) { return text != nullptr ? text : ""; }

// A service body run for the plugin: every exception becomes a status and a message.
template <typename Body>
agoras_status guarded(agoras_error* error, Body&& body) noexcept {
    return sdk::detail::guarded(error, std::forward<Body>(body), AGORAS_ERR_GENERIC);
}
template <typename Body>
agoras_status guarded_to_sink(agoras_string_sink sink, void* context, Body&& body) noexcept {
    return sdk::detail::guarded_to_sink(sink, context, std::forward<Body>(body), AGORAS_ERR_GENERIC);
}

namespace calls {

// Sends `call` for the run: a write that may have happened without a usable answer (none came, or a
// server error) is noted on the run (ServiceContext::note_uncertain_write).
net::HttpAnswer http_send(const ServiceContext& run, const net::HttpCall& call);

// Hands an answer to a plugin: the body (unless it was streamed already), then one call per header line.
void deliver(const net::HttpAnswer& answer, bool body, agoras_string_sink body_sink, void* body_context,
             agoras_string_sink header_sink, void* header_context);

// `platform`: NULL or "" for the run's platform, else one the plugin provides.
void vault_get(const ServiceContext& context, const char* platform, const char* identifier, agoras_string_sink sink,
               void* sink_context, int32_t* found);
void vault_put(const ServiceContext& context, const char* platform, const char* identifier, const char* fields_json,
               int64_t expires_at_unix);
void vault_remove(const ServiceContext& context, const char* platform, const char* identifier, int32_t* existed);
void vault_list(const ServiceContext& context, const char* platform, agoras_string_sink sink, void* sink_context);
void vault_update(const ServiceContext& context, const char* platform, const char* identifier,
                  agoras_vault_update_fn update, void* update_context, int64_t expires_at_unix);
void vault_get_default(const ServiceContext& context, const char* platform, agoras_string_sink sink, void* sink_context);
void vault_set_default(const ServiceContext& context, const char* platform, const char* identifier);

}  // namespace calls
}  // namespace agoras::host::plugins
