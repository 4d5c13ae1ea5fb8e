// A word as a POSIX shell reads it back (Python's shlex.quote): as it is when it holds only safe
// characters, else in single quotes. For commands and variables agoras prints for users to run.
#pragma once

#include <string>

namespace agoras::host::cli {

std::string shell_quoted(const std::string& word);

}  // namespace agoras::host::cli
