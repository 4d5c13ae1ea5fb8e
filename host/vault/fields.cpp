#include "vault/fields.hpp"

#include <agoras/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace agoras::host::vault {
namespace {

// Non-string values are kept as their JSON text (numbers, booleans, as the original stored them).
Json json_value(const FieldValue& value) { return value.is_string ? Json(value.text) : Json::parse(value.text); }

}  // namespace

const FieldValue* find_field(const Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) return &value;
    }
    return nullptr;
}

void set_field(Fields& fields, const std::string& name, FieldValue value) {
    for (auto& [key, existing] : fields) {
        if (key == name) {
            existing = std::move(value);
            return;
        }
    }
    fields.emplace_back(name, std::move(value));
}

Json fields_json(const Fields& fields) {
    Json object = Json::object();
    for (const auto& [key, value] : fields) object.set(key, json_value(value));
    return object;
}

std::string to_json(const Fields& fields) { return fields_json(fields).serialize(); }

Fields from_json(std::string_view json) {
    const Json parsed = Json::parse(std::string(json));
    if (!parsed.is_object()) throw std::invalid_argument("invalid JSON: a record must be an object");
    Fields fields;
    for (const auto& [key, value] : parsed.members()) {
        set_field(fields, key, value.is_string() ? FieldValue{value.text(), true} : FieldValue{value.serialize(), false});
    }
    return fields;
}

bool is_secret_field(std::string_view name, const std::set<std::string>& declared) {
    if (declared.count(std::string(name)) > 0) return true;
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* part : {"token", "secret", "key", "password", "jwt", "webhook"}) {
        if (lower.find(part) != std::string::npos) return true;
    }
    return false;
}

}  // namespace agoras::host::vault
