/*
 * agoras.oauth/2 (host extension, since ABI 1.1): the authorization-code step, second version.
 *
 * The plugin gives the provider's authorize URL without `state` (and without the PKCE challenge);
 * the host adds a fresh random state and, when asked, a PKCE S256 challenge, then either listens on
 * loopback (https with a run-time certificate, as Meta requires, or plain http as RFC 8252
 * recommends) or, out of band, prints the URL and reads the code the provider shows (Mastodon's
 * urn:ietf:wg:oauth:2.0:oob). Only a callback with the right state counts. It hands back every
 * callback parameter, plus the code verifier and the redirect URI used.
 *
 * The callback's port and the wait are the host's settings (AGORAS_OAUTH_PORT, AGORAS_OAUTH_TIMEOUT), the
 * same for every platform: a plugin passes 0 for both unless the user asked otherwise, and asks the host
 * for the redirect URI it must name (`redirect_uri`, appended after 1.1: check with AGORAS_HAS_FIELD;
 * a host without it needs an explicit port).
 */
#ifndef AGORAS_EXT_OAUTH_H
#define AGORAS_EXT_OAUTH_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_OAUTH_V2 "agoras.oauth/2"

typedef enum agoras_oauth_redirect {
    AGORAS_OAUTH_HTTPS_LOOPBACK = 1, /* https://localhost:<port><path> */
    AGORAS_OAUTH_HTTP_LOOPBACK = 2,  /* http://127.0.0.1:<port><path> (RFC 8252 section 7.3) */
    AGORAS_OAUTH_OUT_OF_BAND = 3     /* print the URL, read the code the provider displays from stdin */
} agoras_oauth_redirect;

/* Which protocol's callback to expect (agoras_oauth_request_v2.protocol, appended after 1.1). */
typedef enum agoras_oauth_protocol {
    AGORAS_OAUTH_PROTOCOL_2 = 0,  /* OAuth 2.0: the host adds state; the callback brings code (or error) */
    /* OAuth 1.0a (RFC 5849): the plugin's authorize URL already names the request token
     * (oauth_token=...), which plays the part of state; the host adds nothing. The callback brings
     * oauth_token and oauth_verifier (or denied=<token>); out of band, the verifier is the PIN the
     * provider shows. The result names the verifier "code" too. */
    AGORAS_OAUTH_PROTOCOL_1A = 1
} agoras_oauth_protocol;

typedef struct agoras_oauth_request_v2 {
    uint32_t struct_size;
    /* Every parameter but state, code_challenge and code_challenge_method, which the host adds. Its
     * redirect_uri must be the one that `redirect` and `callback_port` make. */
    const char* authorize_url;
    uint32_t redirect;        /* agoras_oauth_redirect */
    uint32_t callback_port;   /* loopback kinds; 0: the host's (AGORAS_OAUTH_PORT, default 3456) */
    const char* callback_path; /* NULL: "/callback" */
    uint32_t timeout_seconds; /* 0: the host's (AGORAS_OAUTH_TIMEOUT, default 300) */
    uint32_t pkce;            /* non-zero: add an S256 challenge; the verifier comes back */
    /* Non-zero with a loopback kind: print the URL and read the redirected-to URL from stdin instead
     * of opening a browser (headless machines). */
    uint32_t no_browser;
    /* Appended after 1.1 (a host reads it when struct_size covers it): agoras_oauth_protocol. */
    uint32_t protocol;
} agoras_oauth_request_v2;

typedef struct agoras_oauth_v2 {
    uint32_t struct_size;
    /* Writes one JSON object to `result_sink`: every callback parameter ("code", "state", and any
     * other the provider sent), plus "code_verifier" (with pkce) and "redirect_uri". AGORAS_ERR_AUTH
     * when the user refused or time ran out. Threads: one authorization at a time per process. */
    agoras_status (*authorize)(void* context, const agoras_oauth_request_v2* request, agoras_string_sink result_sink,
                               void* result_context, agoras_string_sink error_sink, void* error_context);
    /* Appended after 1.1. Writes the redirect URI that `authorize` uses for `redirect` and
     * `callback_path` (NULL: "/callback") with the host's port, for the authorize URL and for providers
     * that register redirect URIs ahead (Mastodon's apps). Any thread. */
    agoras_status (*redirect_uri)(void* context, uint32_t redirect, const char* callback_path, agoras_string_sink sink,
                                  void* sink_context, agoras_string_sink error_sink, void* error_context);
    /* Appended after 1.1: the protocols `authorize` understands, bit (1 << agoras_oauth_protocol) each.
     * A host without this field knows OAuth 2.0 only. */
    uint32_t protocols;
} agoras_oauth_v2;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_OAUTH_H */
