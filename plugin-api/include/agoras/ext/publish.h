/*
 * agoras.publish/1 (plugin extension, since ABI 1.1): a post as data, and what a platform can take.
 *
 * The host (`agoras post --to`, feeds, schedules, and the plugin's own `post` action) hands a typed
 * post to `validate`, which checks and adapts it without sending anything and says precisely what
 * the platform cannot take, then to `publish`. Capabilities are static declarations, readable without
 * initialising the plugin (`agoras utils media-limits` prints them).
 */
#ifndef AGORAS_EXT_PUBLISH_H
#define AGORAS_EXT_PUBLISH_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_PUBLISH_V1 "agoras.publish/1"

typedef enum agoras_media_kind { AGORAS_MEDIA_IMAGE = 1, AGORAS_MEDIA_VIDEO = 2 } agoras_media_kind;

/* How a platform counts text against its limit. */
typedef enum agoras_text_counting {
    AGORAS_COUNT_CODE_POINTS = 1, /* Unicode scalar values (Threads) */
    AGORAS_COUNT_GRAPHEMES = 2,   /* extended grapheme clusters (Bluesky, Mastodon) */
    AGORAS_COUNT_UTF16 = 3,       /* UTF-16 code units */
    AGORAS_COUNT_BYTES = 4,       /* UTF-8 bytes */
    AGORAS_COUNT_WEIGHTED = 5     /* since 1.1's appended values: twitter-text v3 weights (X): most scripts 1, CJK
                                   * and emoji 2, a URL a fixed length; hosts that do not know it show code_points */
} agoras_text_counting;

/* How media reaches the platform. */
typedef enum agoras_media_transfer {
    AGORAS_TRANSFER_URL_PULL = 1,    /* the platform fetches a public URL itself */
    AGORAS_TRANSFER_UPLOAD_BYTES = 2 /* agoras uploads the bytes */
} agoras_media_transfer;

typedef struct agoras_media_limits {
    uint32_t struct_size;
    uint32_t kind; /* agoras_media_kind */
    const char* const* mime_types;
    uint32_t mime_type_count;
    uint64_t max_bytes; /* 0: unknown */
    uint32_t max_width, max_height;          /* pixels; 0: unknown */
    uint32_t min_duration_s, max_duration_s; /* videos; 0: unknown */
    uint32_t max_per_post;
    uint32_t transfer; /* agoras_media_transfer */
} agoras_media_limits;

typedef struct agoras_publish_capabilities {
    uint32_t struct_size;
    const char* platform;
    uint32_t text_limit;    /* 0: no limit */
    uint32_t text_counting; /* agoras_text_counting */
    uint32_t url_length;    /* every URL counts as this many characters; 0: as written */
    uint32_t max_media;     /* per post, all kinds together */
    const agoras_media_limits* const* media;
    uint32_t media_count;
    uint32_t alt_text_limit; /* 0: no alt text */
    uint32_t link_card;      /* non-zero: --link becomes a preview card */
    uint32_t requires_media; /* non-zero: a post without media is refused (Instagram) */
    uint32_t mixed_media;    /* non-zero: images and videos may share a post */
} agoras_publish_capabilities;

typedef struct agoras_media {
    uint32_t struct_size;
    uint32_t kind;         /* agoras_media_kind */
    const char* source;    /* an https:// URL or a local path */
    const char* mime_type; /* NULL: unknown (the plugin may guess from the name or the bytes) */
    const char* alt_text;  /* NULL: none */
} agoras_media;

typedef struct agoras_post {
    uint32_t struct_size;
    const char* text; /* UTF-8, never NULL ("" for none) */
    const char* link; /* NULL: none */
    const agoras_media* const* media;
    uint32_t media_count;
    const char* reply_to; /* the platform's post id, NULL: a new post */
    const char* language; /* BCP 47, NULL: unknown */
    /* Platform extras ("reply-control", "visibility", ...), named like the platform's post options. */
    const agoras_option_value* const* extras;
    uint32_t extra_count;
} agoras_post;

typedef struct agoras_publish_v1 {
    uint32_t struct_size;
    /* One per platform the plugin provides; static data. */
    const agoras_publish_capabilities* const* capabilities;
    uint32_t capability_count;
    /* Checks and adapts `post` for invocation->platform without sending a request (credentials may be
     * read). AGORAS_ERR_USAGE with the reason when the platform cannot take it. Writes what would be
     * sent, as a JSON object, to `adapted_sink` (may be NULL). Threads: any, concurrently. */
    agoras_status (*validate)(void* state, const agoras_invocation* invocation, const agoras_post* post,
                              agoras_string_sink adapted_sink, void* adapted_context, agoras_string_sink error_sink,
                              void* error_context);
    /* Publishes `post`; emits one result through invocation->host ({"id": ..., "url": ...}). Options of
     * the platform's post action (credentials and defaults) are in invocation->values. Threads: any,
     * concurrently, each with its own invocation. */
    agoras_status (*publish)(void* state, const agoras_invocation* invocation, const agoras_post* post,
                             agoras_string_sink error_sink, void* error_context);
    /* After a run that was interrupted while publishing `post` (the host's journal says "pending"),
     * finds out from the platform whether it was published. `checkpoint_json` is the last object the
     * plugin recorded through agoras.journal/1 during that publish ("{}" when none). Writes
     * {"published": true, "id": ..., "url": ...} or {"published": false} (safe to send again) to
     * `result_sink`; any failure leaves the outcome unknown and the post is not sent again.
     * May be NULL: the platform cannot tell. Threads: any, concurrently. */
    agoras_status (*reconcile)(void* state, const agoras_invocation* invocation, const agoras_post* post,
                               const char* checkpoint_json, agoras_string_sink result_sink, void* result_context,
                               agoras_string_sink error_sink, void* error_context);
} agoras_publish_v1;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_PUBLISH_H */
