/*
 * agoras.vault/2 (host extension, since ABI 1.1): the vault scoped to the plugin, with a sub-scope per
 * platform it provides, and a default account per platform.
 *
 * Every function names its platform ("" or NULL: the running action's), which must be one the plugin declares (so one plugin serving
 * Facebook and Instagram reads one login from either platform's actions); another plugin's platforms
 * are refused with AGORAS_ERR_PLUGIN. The default account is a pointer to one identifier, so a token
 * is stored once and refreshed once: the 1.0 practice of twin records under "<id>" and "default"
 * is no longer needed. Reading "default" through any vault function follows the pointer when no
 * record is stored under that name.
 *
 * Records and errors as in the 1.0 vault services; errors of any length go to the error sink.
 * Threads: any, concurrently; `update` runs its callback on the calling thread under the write lock.
 */
#ifndef AGORAS_EXT_VAULT_H
#define AGORAS_EXT_VAULT_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_VAULT_V2 "agoras.vault/2"

typedef struct agoras_vault_v2 {
    uint32_t struct_size;
    agoras_status (*get)(void* context, const char* platform, const char* identifier, agoras_string_sink sink,
                         void* sink_context, int32_t* found, agoras_string_sink error_sink, void* error_context);
    agoras_status (*put)(void* context, const char* platform, const char* identifier, const char* fields_json,
                         int64_t expires_at_unix, agoras_string_sink error_sink, void* error_context);
    agoras_status (*remove)(void* context, const char* platform, const char* identifier, int32_t* existed,
                            agoras_string_sink error_sink, void* error_context);
    /* A JSON array of the platform's identifiers, sorted. */
    agoras_status (*list)(void* context, const char* platform, agoras_string_sink sink, void* sink_context,
                          agoras_string_sink error_sink, void* error_context);
    agoras_status (*update)(void* context, const char* platform, const char* identifier, agoras_vault_update_fn update,
                            void* update_context, int64_t expires_at_unix, agoras_string_sink error_sink,
                            void* error_context);
    /* The identifier of the platform's default account ("" when none) / make `identifier` (a stored
     * record) the default. */
    agoras_status (*get_default)(void* context, const char* platform, agoras_string_sink sink, void* sink_context,
                                 agoras_string_sink error_sink, void* error_context);
    agoras_status (*set_default)(void* context, const char* platform, const char* identifier,
                                 agoras_string_sink error_sink, void* error_context);
} agoras_vault_v2;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_VAULT_H */
