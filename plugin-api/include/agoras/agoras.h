/*
 * Everything of the plugin ABI: the 1.0 core and every extension, for code that wants them all (the
 * host). A plugin may include just the core and the extensions it uses.
 */
#ifndef AGORAS_AGORAS_H
#define AGORAS_AGORAS_H

#include <agoras/plugin_abi.h>

#include <agoras/ext/cache.h>
#include <agoras/ext/declarations.h>
#include <agoras/ext/http.h>
#include <agoras/ext/journal.h>
#include <agoras/ext/oauth.h>
#include <agoras/ext/publish.h>
#include <agoras/ext/vault.h>

#endif /* AGORAS_AGORAS_H */
