/*
 * agoras.cache/1 (host extension, after 1.1): small facts a plugin keeps between runs to save requests
 * (an instance's limits, a server's capabilities), without opening the vault. The host keeps them in
 * plain files in the user's cache directory, scoped to the running action's platform, and may lose them
 * at any time: never put a secret here, and treat what comes back as the platform's answer, checked as
 * strictly. A host without this extension keeps nothing: read again from the platform.
 *
 * Keys are 1 to 128 bytes; values at most AGORAS_CACHE_MAX_VALUE bytes. Threads: any.
 */
#ifndef AGORAS_EXT_CACHE_H
#define AGORAS_EXT_CACHE_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_CACHE_V1 "agoras.cache/1"
#define AGORAS_CACHE_MAX_VALUE (64 * 1024)

typedef struct agoras_cache_v1 {
    uint32_t struct_size;
    /* The value kept under `key` when it was kept less than `max_age_seconds` ago: *found = 1 and the
     * value goes to `sink`. Anything else (never kept, older, lost, unreadable) is *found = 0 and
     * AGORAS_OK; only a bad key is an error (AGORAS_ERR_PLUGIN). */
    agoras_status (*get)(void* context, const char* key, int64_t max_age_seconds, agoras_string_sink sink,
                         void* sink_context, int32_t* found, agoras_string_sink error_sink, void* error_context);
    /* Keeps `value` (`size` bytes) under `key`, replacing the previous value whole. AGORAS_ERR_STORAGE
     * when it could not be written (nothing is kept then); AGORAS_ERR_PLUGIN for a bad key or size. */
    agoras_status (*put)(void* context, const char* key, const char* value, size_t size,
                         agoras_string_sink error_sink, void* error_context);
} agoras_cache_v1;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_CACHE_H */
