// A builder for one-line JSON objects (results on stdout are one object per line), kept for plugins
// written against ABI 1.0. New code can build any JSON with agoras::Json (json.hpp); JsonObject is a
// thin front over it.
#ifndef AGORAS_JSON_OBJECT_HPP
#define AGORAS_JSON_OBJECT_HPP

#include <agoras/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace agoras {

class JsonObject {
public:
    JsonObject& add(std::string_view key, std::string_view value) { return add(key, Json(value)); }
    JsonObject& add(std::string_view key, const char* value) { return add(key, Json(value)); }
    JsonObject& add(std::string_view key, const std::string& value) { return add(key, Json(value)); }
    JsonObject& add(std::string_view key, std::int64_t value) { return add(key, Json(value)); }
    JsonObject& add(std::string_view key, int value) { return add(key, Json(value)); }
    JsonObject& add(std::string_view key, bool value) { return add(key, Json(value)); }
    JsonObject& add(std::string_view key, Json value) {
        object_.set(std::string(key), std::move(value));
        return *this;
    }
    // `json` must be valid JSON text; it is parsed (throws std::invalid_argument otherwise), so a
    // result can never be made invalid by what is passed here.
    const Json& json() const { return object_; }
    std::string str() const { return object_.serialize(); }

private:
    Json object_ = Json::object();
};

}  // namespace agoras

#endif
