/*
 * agoras plugin ABI: the C contract between the agoras host and a platform plugin.
 *
 * Only C types cross this boundary, so host and plugin may be built by different compilers, against
 * different C++ standard libraries, months apart. Plugin authors normally use <agoras/plugin.hpp>,
 * which hides every structure in this file.
 *
 * Compatibility rules (see docs/plugin-authoring.md):
 *  - Every structure starts with `struct_size`, set by whoever allocated it to sizeof() as *they*
 *    compiled it. Structures only ever grow at the end; a reader treats a field that lies beyond the
 *    writer's struct_size as absent (AGORAS_HAS_FIELD).
 *  - Arrays are arrays of pointers, so that growing an element structure never changes a stride.
 *  - A minor version may append fields and functions; removing or changing anything needs a new major.
 *  - The host loads a plugin when the majors are equal and the plugin's minor is not newer than the host's.
 *  - Errors cross as an agoras_status plus a message copied into a buffer the caller owns. Exceptions
 *    never cross. Strings handed over are UTF-8, NUL-terminated and only valid during the call.
 *  - The host never unloads a plugin library while the process runs.
 */
#ifndef AGORAS_PLUGIN_ABI_H
#define AGORAS_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_ABI_MAJOR 1
#define AGORAS_ABI_MINOR 0

/* The one symbol every plugin exports: `const agoras_plugin_descriptor* agoras_plugin_entry(void)`. */
#define AGORAS_PLUGIN_ENTRY_SYMBOL "agoras_plugin_entry"

#if defined(_WIN32)
#define AGORAS_PLUGIN_EXPORT __declspec(dllexport)
#else
#define AGORAS_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

/* True when `field` lies inside the part of `*ptr` that its writer knew about. */
#define AGORAS_HAS_FIELD(ptr, type, field) \
    ((ptr) != NULL && (size_t)(ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* Status codes double as the process exit codes documented in the README. Values never change. */
typedef enum agoras_status {
    AGORAS_OK = 0,
    AGORAS_ERR_GENERIC = 1,      /* anything else; also "not found" as in the original tool */
    AGORAS_ERR_USAGE = 2,        /* bad command line or invalid input, nothing was sent */
    AGORAS_ERR_AUTH = 3,         /* credentials missing, invalid, expired or revoked */
    AGORAS_ERR_RATE_LIMITED = 4, /* the remote side asked us to slow down, retries exhausted */
    AGORAS_ERR_REMOTE = 5,       /* the remote API rejected the request */
    AGORAS_ERR_NETWORK = 6,      /* connection, DNS, TLS or timeout failure */
    AGORAS_ERR_PLUGIN = 7,       /* a plugin is missing, incompatible, failed or misbehaved */
    AGORAS_ERR_STORAGE = 8       /* the token vault is unreadable, damaged, locked or insecure */
} agoras_status;

typedef enum agoras_log_level {
    AGORAS_LOG_DEBUG = 1,
    AGORAS_LOG_INFO = 2,
    AGORAS_LOG_WARNING = 3,
    AGORAS_LOG_ERROR = 4,
    AGORAS_LOG_CRITICAL = 5
} agoras_log_level;

/* A message buffer owned by the caller; the callee copies at most capacity-1 bytes plus NUL. */
typedef struct agoras_error {
    char* message;
    size_t capacity;
} agoras_error;

/* Receives a string produced on the other side (the receiver copies it; it dies after the call). */
typedef void (*agoras_string_sink)(void* sink_context, const char* data, size_t size);

/* ---- What a plugin declares ---------------------------------------------------------------- */

typedef enum agoras_option_type {
    AGORAS_OPTION_STRING = 1,
    AGORAS_OPTION_INTEGER = 2,
    AGORAS_OPTION_FLAG = 3 /* no value on the command line; "true" when given */
} agoras_option_type;

typedef struct agoras_option_decl {
    uint32_t struct_size;
    const char* name;          /* long option name without dashes, e.g. "app-id" */
    uint32_t type;             /* agoras_option_type */
    uint32_t required;         /* non-zero: the host refuses to run the action without a value */
    const char* default_value; /* NULL: none */
    const char* env_var;       /* NULL: none; consulted when the option is absent from argv */
    const char* help;
    uint32_t secret;           /* non-zero: the value never reaches a log line or an echo */
} agoras_option_decl;

typedef struct agoras_action_decl {
    uint32_t struct_size;
    const char* name;
    const char* help;
    const agoras_option_decl* const* options;
    uint32_t option_count;
} agoras_action_decl;

typedef struct agoras_platform_decl {
    uint32_t struct_size;
    const char* name; /* the command-line word, e.g. "threads" */
    const char* help;
    const agoras_action_decl* const* actions;
    uint32_t action_count;
} agoras_platform_decl;

/* ---- What the host provides ---------------------------------------------------------------- */

typedef struct agoras_http_header {
    const char* name;
    const char* value;
} agoras_http_header;

/* One HTTP request, described by the plugin and carried out by the host. */
typedef struct agoras_http_request {
    uint32_t struct_size;
    const char* method; /* "GET", "POST", "DELETE" */
    const char* url;    /* absolute: https://, or http:// only to a loopback host */
    const agoras_http_header* const* headers;
    uint32_t header_count;
    const char* body; /* may be NULL */
    size_t body_size;
    const char* content_type; /* NULL: none */
    uint32_t timeout_ms;      /* 0: the host's default (30 s) */
    /* Non-zero when sending the request twice cannot do anything twice (reads, refreshes): the host
     * may then resend it after a network failure or a 5xx answer. HTTP 429 is always retried, within
     * a bound and honouring Retry-After, since the server did not act on it. */
    uint32_t retry_safe;
} agoras_http_request;

typedef struct agoras_http_response {
    uint32_t struct_size;
    int32_t status_code;
    /* Called with the body, then once per header line ("Name: value"). */
    agoras_string_sink body_sink;
    void* body_context;
    agoras_string_sink header_sink; /* may be NULL */
    void* header_context;
} agoras_http_response;

/* The OAuth 2.0 authorization-code step, run by the host. */
typedef struct agoras_oauth_request {
    uint32_t struct_size;
    /* The provider's authorize URL with every parameter but `state`, which the host adds. Its
     * redirect_uri must be https://localhost:<callback_port>/callback or https://127.0.0.1:<port>/callback. */
    const char* authorize_url;
    uint32_t callback_port;
    uint32_t timeout_seconds; /* 0: 300 */
    /* Non-zero: print the URL and read the redirected-to URL from stdin instead of opening a browser
     * and listening (headless machines). */
    uint32_t no_browser;
} agoras_oauth_request;

/* Called by vault_update with the record's current fields (a JSON object, or NULL when there is no
 * record) while the host holds the vault's exclusive write lock. Write the new fields (a JSON object)
 * to `sink` and set *store to 1 to store them, or leave *store at 0 to keep the record as it is.
 * Any status but AGORAS_OK aborts the update; nothing is written. */
typedef agoras_status (*agoras_vault_update_fn)(void* update_context, const char* current_fields_json,
                                                agoras_string_sink sink, void* sink_context, int32_t* store,
                                                agoras_error* error);

typedef struct agoras_host_services {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    void* context; /* opaque; pass it back as the first argument of every function below */

    /* Logging into the host's logger, tagged with the plugin id. Secrets are redacted by the host. */
    void (*log)(void* context, uint32_t level, const char* message);
    /* One result: a JSON object, printed by the host as one line on stdout. */
    agoras_status (*emit_result)(void* context, const char* json_object, agoras_error* error);
    /* A short progress line; shown on stderr only when stderr is a terminal. */
    void (*progress)(void* context, const char* message);
    /* Marks a runtime value (a token obtained from a server, say) as secret for redaction. */
    void (*register_secret)(void* context, const char* value);
    /* Wall clock in milliseconds since the Unix epoch, and a sleep; both controllable in tests. */
    int64_t (*now_unix_ms)(void* context);
    void (*sleep_ms)(void* context, uint32_t milliseconds);

    /* The encrypted token vault, scoped to the platform of the running action. A record is a JSON
     * object of fields (strings or numbers); expires_at_unix is 0 when the record does not expire.
     * Identifiers: 1-128 of [A-Za-z0-9._@+:-]. Values of fields whose name contains "token",
     * "secret" or "key" are redacted from logs. */
    agoras_status (*vault_get)(void* context, const char* identifier, agoras_string_sink sink, void* sink_context,
                               int32_t* found, agoras_error* error);
    agoras_status (*vault_put)(void* context, const char* identifier, const char* fields_json,
                               int64_t expires_at_unix, agoras_error* error);
    agoras_status (*vault_delete)(void* context, const char* identifier, int32_t* existed, agoras_error* error);
    /* Writes a JSON array of the identifiers, sorted, to `sink`. */
    agoras_status (*vault_list)(void* context, agoras_string_sink sink, void* sink_context, agoras_error* error);
    agoras_status (*vault_update)(void* context, const char* identifier, agoras_vault_update_fn update,
                                  void* update_context, int64_t expires_at_unix, agoras_error* error);

    /* Sends a request. TLS certificates are always verified (OpenSSL defaults, so SSL_CERT_FILE works);
     * the host sets the User-Agent and keeps tokens out of its logs. AGORAS_OK means an HTTP answer
     * arrived (whatever its status); AGORAS_ERR_NETWORK means none did. */
    agoras_status (*http_request)(void* context, const agoras_http_request* request, agoras_http_response* response,
                                  agoras_error* error);

    /* Opens the browser (or prompts), runs the HTTPS loopback callback listener with a run-time
     * self-signed certificate, checks `state`, and writes the authorization code to `code_sink`.
     * AGORAS_ERR_AUTH when the user denied access, the state did not match or time ran out. */
    agoras_status (*oauth_authorize)(void* context, const agoras_oauth_request* request, agoras_string_sink code_sink,
                                     void* code_context, agoras_error* error);
} agoras_host_services;

/* ---- What one run of an action receives ---------------------------------------------------- */

typedef struct agoras_option_value {
    const char* name;  /* as declared */
    const char* value; /* flags: "true" */
} agoras_option_value;

typedef struct agoras_invocation {
    uint32_t struct_size;
    const char* platform;
    const char* action;
    const agoras_option_value* const* values; /* every option that has a value: argv, env or default */
    uint32_t value_count;
} agoras_invocation;

/* ---- The descriptor a plugin exports ------------------------------------------------------- */

typedef struct agoras_plugin_descriptor {
    /* These three fields keep their place in every ABI version, so any host can reject any plugin. */
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;

    const char* id;      /* stable, lower_snake_case, e.g. "threads" */
    const char* name;    /* human name */
    const char* version; /* the plugin's own version */
    const char* description;
    const agoras_platform_decl* const* platforms;
    uint32_t platform_count;

    /* Creates the plugin's state. `services` outlives the state. Returns AGORAS_OK or fills `error`. */
    agoras_status (*init)(const agoras_host_services* services, void** state, agoras_error* error);
    /* Runs one action. Must not throw; results go through services->emit_result. */
    agoras_status (*run)(void* state, const agoras_invocation* invocation, agoras_error* error);
    /* Frees the state created by init. */
    void (*shutdown)(void* state);
} agoras_plugin_descriptor;

typedef const agoras_plugin_descriptor* (*agoras_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_PLUGIN_ABI_H */
