// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Every option
// value is checked before a plugin sees it, so invalid text is refused (exit 2) instead of sent.
#pragma once

#include <string_view>

namespace agoras::host::cli {

bool is_valid_utf8(std::string_view text);

}  // namespace agoras::host::cli
