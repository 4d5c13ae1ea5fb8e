// `--edit`: a text composed in the user's editor, as git, gh and toot do.
#pragma once

#include <string>

namespace agoras::host::cli {

// The editor's command: $VISUAL, else $EDITOR, else vi.
std::string editor_command();

// Writes `initial` to a private temporary file, runs the editor on it through the shell (so that EDITOR may
// carry arguments: "code --wait"), and returns what the file holds when the editor exits, at most
// `max_bytes`. Throws StatusError when the editor cannot be run or fails; the file is removed either way.
std::string compose_in_editor(const std::string& initial, std::size_t max_bytes);

}  // namespace agoras::host::cli
