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
// A JSON object as Rails reads it into form fields: a nested object as name[key], an array as name[] once per
// element, scalars as their text (true, 12), null as "".
std::vector<std::pair<std::string, std::string>> rails_form_fields(const web::json::value& object);

// `n` random letters and digits (lower case only with `lower`).
std::string random_text(std::size_t n, bool lower = false);
// The MIME type of `bytes` by their first bytes: JPEG, PNG, GIF, WebP, MP4, else application/octet-stream.
std::string sniff(const std::string& bytes);

// Extended grapheme clusters of valid UTF-8, or -1; code points; UTF-16 code units.
long graphemes(const std::string& text);
std::size_t code_points(const std::string& text);
std::size_t utf16_units(const std::string& text);

}  // namespace agoras::sandbox
