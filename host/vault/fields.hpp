// A record's named fields and their JSON form. Values are strings or other JSON values (numbers,
// booleans, nested data) kept verbatim, so a user id like 17841405793187218 never loses precision.
#pragma once

#include <agoras/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agoras::host::vault {

using agoras::Json;

struct FieldValue {
    std::string text;  // the string itself, or the JSON literal of a non-string
    bool is_string = true;
};

// In insertion order, as the original tool kept them.
using Fields = std::vector<std::pair<std::string, FieldValue>>;

const FieldValue* find_field(const Fields& fields, std::string_view name);
void set_field(Fields& fields, const std::string& name, FieldValue value);

// The fields as a JSON object, and as its compact text.
Json fields_json(const Fields& fields);
std::string to_json(const Fields& fields);
// Parses a JSON object; throws std::invalid_argument describing the first syntax error.
Fields from_json(std::string_view json);

// Whether a field holds a secret: one its plugin declares secret (`declared`), or by the substring rule
// for plugins that do not say and records no loaded plugin speaks for (its name contains token, secret
// or key, as in the original, or password, jwt or webhook, as platforms before declarations needed).
// The substring list does not grow: a new platform declares its secret fields.
bool is_secret_field(std::string_view name, const std::set<std::string>& declared = {});

}  // namespace agoras::host::vault
