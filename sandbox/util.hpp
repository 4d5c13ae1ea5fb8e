// Small helpers every sandbox module uses: request fields, random identifiers, what bytes are, and
// text measured as the platforms measure it.
#pragma once

#include "module.hpp"

#include <cpprest/json.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agoras::sandbox {

// A query or form parameter ("" when absent), a header (case-insensitive, "" when absent).
std::string param(const Request& r, const std::string& name);
std::string header(const Request& r, const std::string& name);
// A string field of a JSON object ("" when absent or not a string).
std::string text_field(const web::json::value& v, const char* name);

// The request body's JSON object, or nullopt when it is not JSON or not an object.
std::optional<web::json::value> json_object_body(const Request& r);

// The sandbox's second origin on its one port, http://localhost:N, for the services whose real clients put API
// paths at a host's root whatever path their URL has (Bluesky's PDS, Mastodon): whether `r` is addressed to it,
// and its URL as seen from `r`.
bool for_localhost(const Request& r);
std::string localhost_origin(const Request& r);

// `n` random letters and digits (lower case only with `lower`).
std::string random_text(std::size_t n, bool lower = false);
// The MIME type of `bytes` by their first bytes: JPEG, PNG, GIF, WebP, MP4, else application/octet-stream.
std::string sniff(const std::string& bytes);

// Extended grapheme clusters of valid UTF-8, or -1; code points; UTF-16 code units.
long graphemes(const std::string& text);
std::size_t code_points(const std::string& text);
std::size_t utf16_units(const std::string& text);

}  // namespace agoras::sandbox
