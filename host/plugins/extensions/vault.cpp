#include "plugins/extensions/extensions.hpp"

#include "plugins/service_calls.hpp"

namespace agoras::host::plugins::extensions {
namespace {

agoras_status vault_get(void* context, const char* platform, const char* identifier, agoras_string_sink sink,
                        void* sink_context, int32_t* found, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_get(run_of(context), platform, identifier, sink, sink_context, found); });
}
agoras_status vault_put(void* context, const char* platform, const char* identifier, const char* fields_json,
                        int64_t expires_at_unix, agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_put(run_of(context), platform, identifier, fields_json, expires_at_unix); });
}
agoras_status vault_remove(void* context, const char* platform, const char* identifier, int32_t* existed,
                           agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_remove(run_of(context), platform, identifier, existed); });
}
agoras_status vault_list(void* context, const char* platform, agoras_string_sink sink, void* sink_context,
                         agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_list(run_of(context), platform, sink, sink_context); });
}
agoras_status vault_update(void* context, const char* platform, const char* identifier, agoras_vault_update_fn update,
                           void* update_context, int64_t expires_at_unix, agoras_string_sink error_sink,
                           void* error_context) {
    return guarded_to_sink(error_sink, error_context, [&] {
        calls::vault_update(run_of(context), platform, identifier, update, update_context, expires_at_unix);
    });
}
agoras_status vault_get_default(void* context, const char* platform, agoras_string_sink sink, void* sink_context,
                                agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_get_default(run_of(context), platform, sink, sink_context); });
}
agoras_status vault_set_default(void* context, const char* platform, const char* identifier,
                                agoras_string_sink error_sink, void* error_context) {
    return guarded_to_sink(error_sink, error_context,
                           [&] { calls::vault_set_default(run_of(context), platform, identifier); });
}

}  // namespace

const agoras_vault_v2 vault_v2{sizeof(agoras_vault_v2), &vault_get,        &vault_put,        &vault_remove,
                               &vault_list,             &vault_update,     &vault_get_default, &vault_set_default};

}  // namespace agoras::host::plugins::extensions
