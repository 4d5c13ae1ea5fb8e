// Where results and progress go: results are JSON objects, one per line on stdout; progress goes to
// stderr, and only when a person is watching (stderr is a terminal).
#pragma once

#include <string>
#include <string_view>

namespace agoras::host::output {

// Prints one result object as one line on stdout. Throws StatusError when `json` is not an object.
void emit_result(std::string_view json);

void progress(std::string_view message);

}  // namespace agoras::host::output
