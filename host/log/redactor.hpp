// Remembers every secret value seen in this process (secret options, stored tokens, tokens handed
// over by plugins) and blanks them out of log lines and error messages before they reach stderr.
// Results on stdout are never redacted: a result is data, and altering it corrupts it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace agoras::host::log {

// Shorter values are not matched in free text: "1" would blank out every digit 1 and the marks
// would give the value away. Where a value is known to be a secret (a secret option echoed, a token
// parameter in a URL), it is replaced whole, whatever its length, by the code that knows it.
inline constexpr std::size_t kMinRedactedLength = 8;

void add_secret(std::string_view value);
std::string redact(std::string_view text);

// `text` safe to print on a terminal: control characters other than line feed and tab (ESC, CR,
// BEL, C1 controls...) become visible \xNN escapes, so a server cannot drive the user's terminal.
std::string printable(std::string_view text);

inline constexpr std::string_view kRedacted = "[REDACTED]";

}  // namespace agoras::host::log
