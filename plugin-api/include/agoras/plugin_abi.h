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
 *  - Every field and function says which version added it ("since 1.1"); unmarked ones are 1.0. A
 *    function whose meaning must change gets a `_v2` successor; the old one keeps its meaning.
 *  - Capabilities beyond this core arrive as extensions, both ways (see "Extensions" below): the
 *    host asks a plugin for a named, versioned interface and a plugin asks the host for one, so the
 *    core tables stop growing.
 *
 * Threading: a plugin's init and shutdown run on one thread, with no action running. Since 1.1 the
 * host may run several actions of one or several plugins at once, on different threads; each run gets
 * its own `agoras_invocation.host` (its result sink, vault scope and secrets). What may be called
 * from where is written next to every service ("Threads: ...").
 */
#ifndef AGORAS_PLUGIN_ABI_H
#define AGORAS_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_ABI_MAJOR 1
#define AGORAS_ABI_MINOR 1

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
    AGORAS_ERR_STORAGE = 8,      /* the token vault is unreadable, damaged, locked or insecure */
    AGORAS_ERR_PARTIAL = 9       /* since 1.1's appended values: several sends, some done (each reported), some failed */
} agoras_status;

typedef enum agoras_log_level {
    AGORAS_LOG_DEBUG = 1,
    AGORAS_LOG_INFO = 2,
    AGORAS_LOG_WARNING = 3,
    AGORAS_LOG_ERROR = 4,
    AGORAS_LOG_CRITICAL = 5
} agoras_log_level;

/* A message buffer owned by the caller; the callee copies at most capacity-1 bytes plus NUL.
 * Frozen leaf structure (no struct_size): 1.1 functions report errors of any length to a string sink. */
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
    AGORAS_OPTION_FLAG = 3, /* no value on the command line; "true" when given */
    /* Since 1.1: a string option that may be given several times (--image A --image B); the run
     * receives one agoras_option_value per occurrence, in command-line order. */
    AGORAS_OPTION_LIST = 4
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
    /* Since 1.1, list options: also accept --<name>-1 ... --<name>-N (the original tool's numbered
     * names). Value i of the list comes from --<name>-i; gaps are empty strings; repeated --<name>
     * values follow the numbered ones. 0: none. */
    uint32_t numbered_aliases;
    /* Since 1.1: free text. The host also accepts "-" (read the value from stdin) and declares
     * --<name>-file FILE (read it from a file), both bounded to 1 MiB of UTF-8. */
    uint32_t text;
    /* Appended after 1.1 (check with AGORAS_HAS_FIELD): the only values the option takes, e.g. a visibility's
     * "public", "unlisted"...; the host refuses any other (exit 2, naming them) before the plugin runs, and
     * shell completion offers them. NULL or 0: any value. */
    const char* const* choices;
    uint32_t choice_count;
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
    /* Appended after 1.1 (check with AGORAS_HAS_FIELD): older names that still run this platform, with
     * a deprecation warning (the original tool's "twitter" for "x"). */
    const char* const* aliases;
    uint32_t alias_count;
} agoras_platform_decl;

/* ---- What the host provides ---------------------------------------------------------------- */

/* Frozen leaf structure (no struct_size). */
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

    /* Logging into the host's logger, tagged with the plugin id. Secrets are redacted by the host.
     * Threads: any, concurrently. */
    void (*log)(void* context, uint32_t level, const char* message);
    /* One result: a JSON object, delivered to the invocation's result sink (printed by the host as
     * one line on stdout, or collected, e.g. by `agoras post --to`). Never altered by redaction.
     * Threads: any, during the run; one invocation's results keep their call order. */
    agoras_status (*emit_result)(void* context, const char* json_object, agoras_error* error);
    /* A short progress line; shown on stderr only when stderr is a terminal. Threads: any. */
    void (*progress)(void* context, const char* message);
    /* Marks a runtime value (a token obtained from a server, say) as secret for redaction.
     * Threads: any, concurrently. */
    void (*register_secret)(void* context, const char* value);
    /* Wall clock in milliseconds since the Unix epoch, and a sleep; both controllable in tests.
     * Threads: any, concurrently. */
    int64_t (*now_unix_ms)(void* context);
    void (*sleep_ms)(void* context, uint32_t milliseconds);

    /* The encrypted token vault, scoped to the platform of the running action. A record is a JSON
     * object of fields (strings or numbers); expires_at_unix is 0 when the record does not expire.
     * Identifiers: 1-128 of [A-Za-z0-9._@+:-]. Values of the fields a plugin declares secret
     * (agoras_credential_export.secret_fields), and of fields whose name contains "token", "secret",
     * "key", "password", "jwt" or "webhook", are redacted from logs.
     * Since 1.1, an expires_at_unix below 0 given to vault_update keeps the record's expiry.
     * Threads: any, concurrently; each call is its own transaction. The update callback runs on the
     * calling thread while the write lock is held: it must be short and must not call the vault. */
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
     * arrived (whatever its status); AGORAS_ERR_NETWORK means none did. Redirects are never
     * followed; answers are capped at 16 MiB; timeout_ms is a deadline for the whole exchange.
     * Threads: any, concurrently. */
    agoras_status (*http_request)(void* context, const agoras_http_request* request, agoras_http_response* response,
                                  agoras_error* error);

    /* Opens the browser (or prompts), runs the HTTPS loopback callback listener with a run-time
     * self-signed certificate, checks `state`, and writes the authorization code to `code_sink`.
     * AGORAS_ERR_AUTH when the user denied access or time ran out; callbacks with another state are
     * ignored. Threads: one authorization at a time per process (it owns the terminal and the port). */
    agoras_status (*oauth_authorize)(void* context, const agoras_oauth_request* request, agoras_string_sink code_sink,
                                     void* code_context, agoras_error* error);

    /* Since 1.1: a host extension by id ("agoras.http/2", ...; see below), or NULL when this host
     * has none of that id. The pointer stays valid for the life of the process. Threads: any. */
    const void* (*get_extension)(void* context, const char* extension_id);
} agoras_host_services;

/* ---- What one run of an action receives ---------------------------------------------------- */

/* Frozen leaf structure (no struct_size). */
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
    /* Since 1.1: the services of this run, valid until run returns. Use these rather than the table
     * given to init: results go to this run's sink, the vault to its scope, secrets to its set. */
    const agoras_host_services* host;
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

    /* Since 1.1: a plugin extension by id ("agoras.publish/1", ...), or NULL. Needs no state, so the
     * host can read declarations (limits, settings, credentials) without initialising the plugin;
     * functions inside an extension that need the state take it. May be NULL. Threads: any. */
    const void* (*get_extension)(const char* extension_id);
    /* Since 1.1: run with an error message of any length written to `error_sink` (the 1.0 `run`
     * truncates into a buffer). A 1.1 host calls this one when it is set. Threads: any; several runs
     * may overlap, each with its own invocation. */
    agoras_status (*run_v2)(void* state, const agoras_invocation* invocation, agoras_string_sink error_sink,
                            void* error_context);
} agoras_plugin_descriptor;

typedef const agoras_plugin_descriptor* (*agoras_plugin_entry_fn)(void);

/* ---- Extensions (since 1.1) -------------------------------------------------------------------
 * Each extension is a structure of functions, found by its id through get_extension. Ids end in a
 * major version ("/2"); a changed extension gets a new id, and the old one keeps working. Extension
 * structures start with struct_size and only grow at the end, like everything else here. The
 * definitions are in <agoras/ext/...h>, one header per extension holding both halves, each including
 * this core (never the reverse); <agoras/agoras.h> gathers them all. */

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_PLUGIN_ABI_H */
