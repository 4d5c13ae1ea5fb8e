/*
 * agoras.http/2 (host extension, since ABI 1.1): HTTP with one retry policy, owned by the host.
 *
 * The host sends, and repeats a request within `max_attempts` when the answer is retryable: HTTP 429
 * always; 5xx and network failures only for retry-safe requests; and whatever the plugin's classifier
 * calls retryable (a platform's own throttling codes in a 200 or 400 body, say). Waits honour
 * Retry-After, RateLimit-Reset and X-RateLimit-Reset (seconds or a Unix time), capped at 120 s, and
 * otherwise back off exponentially from 500 ms with jitter. Plugins classify; they do not loop.
 *
 * Bodies are sequences of parts, each memory or a byte range of a file, so multipart uploads of large
 * files never sit in memory. Answers are capped (max_response_bytes) and may be streamed to the sink.
 */
#ifndef AGORAS_EXT_HTTP_H
#define AGORAS_EXT_HTTP_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_HTTP_V2 "agoras.http/2"

/* The documented bound on sends of one request: a persistent 429 costs at most this many. */
#define AGORAS_HTTP_DEFAULT_ATTEMPTS 4
#define AGORAS_HTTP_MAX_ATTEMPTS 8

typedef struct agoras_http_body_part {
    uint32_t struct_size;
    const char* data; /* memory part (NULL for a file part) */
    size_t size;
    const char* file_path; /* file part: `file_length` bytes from `file_offset` (0 length: to the end) */
    uint64_t file_offset;
    uint64_t file_length;
} agoras_http_body_part;

/* What the plugin's classifier says about one answer. */
typedef enum agoras_http_verdict {
    AGORAS_HTTP_FINAL = 0,     /* return this answer */
    AGORAS_HTTP_RETRY = 1,     /* not carried out by the server (throttled, not ready): send again */
    AGORAS_HTTP_DEFAULT = 2    /* let the host's rules decide */
} agoras_http_verdict;

/* Called by the host after each answer; `headers` is "Name: value" lines joined by "\n". Sets
 * *retry_after_ms (0: the host decides) for a RETRY. Threads: the thread that called send. */
typedef uint32_t (*agoras_http_classifier)(void* classifier_context, int32_t status, const char* body,
                                           size_t body_size, const char* headers, uint32_t* retry_after_ms);

typedef struct agoras_http_request_v2 {
    uint32_t struct_size;
    const char* method;
    const char* url; /* https://, or http:// only to a loopback host */
    const agoras_http_header* const* headers;
    uint32_t header_count;
    const agoras_http_body_part* const* body_parts; /* NULL or none: no body */
    uint32_t body_part_count;
    const char* content_type;
    uint32_t timeout_ms;     /* per attempt, the whole exchange; 0: the host's default (30 s) */
    uint32_t retry_safe;     /* as in agoras_http_request */
    uint32_t max_attempts;   /* 0: AGORAS_HTTP_DEFAULT_ATTEMPTS; at most AGORAS_HTTP_MAX_ATTEMPTS */
    uint64_t max_response_bytes; /* 0: 16 MiB; media downloads may ask for up to 1 GiB */
    uint32_t max_redirects;  /* 0: a redirect is an error (API requests); GET downloads: up to 5 hops */
    agoras_http_classifier classify; /* NULL: the host's rules only */
    void* classifier_context;
    /* Non-NULL: shown as upload/download progress on a terminal ("uploading clip.mp4"). */
    const char* progress_label;
    /* Appended after 1.1 (hosts that predate it ignore it; check nothing): non-zero when the first this many
     * bytes of the answer's body are all the plugin needs (a page's <head>, a file's signature). The host
     * stops reading there and answers with them, however long the body is; max_response_bytes does not apply
     * then. The status and headers are those of the whole answer. */
    uint64_t read_at_most_bytes;
} agoras_http_request_v2;

typedef struct agoras_http_response_v2 {
    uint32_t struct_size;
    int32_t status_code;
    uint32_t attempts; /* how many times the request was sent */
    /* The body, in one call, or in several when stream_body is set (then it is not kept whole). Only a 2xx
     * answer's body is streamed; any other answer's arrives in one call, and a redirect's never does. Once
     * part of a body was streamed, the request is not sent again (the sink cannot take it back). */
    agoras_string_sink body_sink;
    void* body_context;
    uint32_t stream_body;
    agoras_string_sink header_sink; /* once per "Name: value" line; may be NULL */
    void* header_context;
} agoras_http_response_v2;

typedef struct agoras_http_v2 {
    uint32_t struct_size;
    /* AGORAS_OK when an answer arrived (any status); AGORAS_ERR_NETWORK when none did;
     * AGORAS_ERR_REMOTE for a redirect it will not follow. Threads: any, concurrently. */
    agoras_status (*send)(void* context, const agoras_http_request_v2* request, agoras_http_response_v2* response,
                          agoras_string_sink error_sink, void* error_context);
} agoras_http_v2;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_HTTP_H */
