/*
 * agoras.declarations/1 (plugin extension, since ABI 1.1): what a plugin tells the host without
 * being initialised: the settings it reads from the environment (endpoint overrides and the like,
 * listed in `agoras help environment` and in each platform's help), and how its vault records map to
 * environment variables, from which `agoras utils tokens unattended-format` is generated.
 */
#ifndef AGORAS_EXT_DECLARATIONS_H
#define AGORAS_EXT_DECLARATIONS_H

#include <agoras/plugin_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AGORAS_EXT_DECLARATIONS_V1 "agoras.declarations/1"
/* Defined by headers whose agoras_credential_export has secret_fields, for code built against older ones too. */
#define AGORAS_HAS_SECRET_FIELDS 1

typedef struct agoras_setting_decl {
    uint32_t struct_size;
    const char* env_var;       /* e.g. "AGORAS_THREADS_GRAPH_URL" */
    const char* help;
    const char* default_value; /* NULL: none */
} agoras_setting_decl;

/* One vault field and the variable an unattended run reads it from. */
typedef struct agoras_credential_field {
    uint32_t struct_size;
    const char* field;   /* in the vault record, e.g. "refresh_token" */
    const char* env_var; /* e.g. "THREADS_REFRESH_TOKEN" */
} agoras_credential_field;

typedef struct agoras_credential_export {
    uint32_t struct_size;
    const char* platform;
    const char* title; /* the comment line above the variables, e.g. "Threads - OAuth 2.0" */
    const agoras_credential_field* const* fields;
    uint32_t field_count;
    /* Appended after 1.1 (check with AGORAS_HAS_FIELD): the names of the platform's vault fields that hold
     * secrets, exported or not (a token, an app password, a webhook URL that carries its token). The host
     * masks them and keeps their values out of every log. A plugin that does not say gets the 1.0 rule:
     * a field whose name contains token, secret or key is secret. */
    const char* const* secret_fields;
    uint32_t secret_field_count;
} agoras_credential_export;

typedef struct agoras_declarations_v1 {
    uint32_t struct_size;
    const agoras_setting_decl* const* settings;
    uint32_t setting_count;
    const agoras_credential_export* const* credentials;
    uint32_t credential_count;
} agoras_declarations_v1;

#ifdef __cplusplus
}
#endif

#endif /* AGORAS_EXT_DECLARATIONS_H */
