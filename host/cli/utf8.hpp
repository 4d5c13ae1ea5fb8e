// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Every option
// value is checked before a plugin sees it, so invalid text is refused (exit 2) instead of sent.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace agoras::host::cli {

bool is_valid_utf8(std::string_view text);
// The byte offset where `text` stops being UTF-8 (the start of the bad sequence); nullopt when it is.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that ends between characters, so that
// cutting valid UTF-8 keeps it valid.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace agoras::host::cli
