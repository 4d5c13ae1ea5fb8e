// Opens a URL for the user: $BROWSER when set (the URL is its last argument), else xdg-open.
// The browser's own output goes to stderr, never to agoras's stdout.
#pragma once

#include <string>

namespace agoras::host::net {

// Whether a browser can be opened here at all: $BROWSER is set, or a graphical session is (DISPLAY,
// WAYLAND_DISPLAY) for xdg-open.
bool browser_available();

// Returns false when no browser could be started, or its launcher failed within a second (the URL is
// printed anyway by the caller). The
// browser starts with only stdin, stdout and stderr open, and without the variables below.
bool open_in_browser(const std::string& url);

// Environment variables never handed to a child: names with SECRET, TOKEN, PASSWORD, PASSWD, _KEY,
// CREDENTIAL or WEBHOOK in them (THREADS_APP_SECRET, THREADS_REFRESH_TOKEN, AGORAS_VAULT_KEY, ...).
bool is_secret_variable(const std::string& name);

}  // namespace agoras::host::net
