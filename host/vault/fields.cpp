#include "vault/fields.hpp"

#include <agoras/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace agoras::host::vault {
namespace {

std::string json_value(const FieldValue& value) { return value.is_string ? json_quote(value.text) : value.text; }

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

std::string to_json(const Fields& fields) {
    JsonObject object;
    for (const auto& [key, value] : fields) object.add_raw(key, json_value(value));
    return object.str();
}

std::string to_pretty_json(const Fields& fields, int indent, int level) {
    if (fields.empty()) return "{}";
    const std::string inner(static_cast<std::size_t>(indent * (level + 1)), ' ');
    const std::string outer(static_cast<std::size_t>(indent * level), ' ');
    std::string out = "{\n";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        out += inner + json_quote(fields[i].first) + ": " + json_value(fields[i].second);
        out += i + 1 < fields.size() ? ",\n" : "\n";
    }
    return out + outer + "}";
}

Fields from_json(std::string_view json) {
    const Json parsed = Json::parse(std::string(json));
    if (!parsed.is_object()) throw std::invalid_argument("invalid JSON: a record must be an object");
    Fields fields;
    for (const auto& [key, value] : parsed.members()) {
        set_field(fields, key, value.is_string() ? FieldValue{value.text(), true} : FieldValue{value.serialize(), false});
    }
    return fields;
}

bool is_secret_field(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("token") != std::string::npos || lower.find("secret") != std::string::npos ||
           lower.find("key") != std::string::npos;
}

}  // namespace agoras::host::vault
