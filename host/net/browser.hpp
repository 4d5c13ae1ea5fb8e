// Opens a URL for the user: $BROWSER when set (the URL is its last argument), else xdg-open.
// The browser's own output goes to stderr, never to agoras's stdout.
#pragma once

#include <string>

namespace agoras::host::net {

// Returns false when no browser could be started (the URL is printed anyway by the caller).
bool open_in_browser(const std::string& url);

}  // namespace agoras::host::net
