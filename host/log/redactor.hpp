// Remembers every secret value seen in this process (secret options, stored tokens, tokens handed
// over by plugins) and blanks them out of any text before it reaches stderr.
#pragma once

#include <string>
#include <string_view>

namespace agoras::host::log {

void add_secret(std::string_view value);
std::string redact(std::string_view text);

inline constexpr std::string_view kRedacted = "[REDACTED]";

}  // namespace agoras::host::log
