/*
 * agoras.journal/1 (host extension, since ABI 1.1): while publishing, a plugin records how far it got
 * (a container id created, a record key chosen), so that after an interrupted run the host can hand
 * that checkpoint to agoras.publish/1's reconcile and ask the platform what became of the post,
 * instead of sending it blindly again. Outside a journaled run (`agoras post --to
 * --idempotency-key`), a checkpoint is accepted and ignored.
 */
#ifndef AGORAS_EXT_JOURNAL_H
#define AGORAS_EXT_JOURNAL_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_JOURNAL_V1 "agoras.journal/1"

typedef struct agoras_journal_v1 {
    uint32_t struct_size;
    /* Records `checkpoint_json` (a JSON object, replacing the previous one) for the running publish,
     * durably, before returning. Threads: the run's own thread. */
    agoras_status (*checkpoint)(void* context, const char* checkpoint_json, agoras_string_sink error_sink,
                                void* error_context);
} agoras_journal_v1;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_JOURNAL_H */
