// Progress on stderr, only when a person is watching (stderr is a terminal): one line rewritten in
// place, erased before anything else is printed (a result, a log line, an error message), so that it
// never lingers among them.
#pragma once

#include <string_view>

namespace agoras::host::log {

// Shows `message` (redacted) as the progress line.
void progress(std::string_view message);
// Erases the progress line, if one is shown.
void end_progress();

}  // namespace agoras::host::log
