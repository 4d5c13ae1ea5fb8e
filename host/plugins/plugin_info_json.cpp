#include "plugins/plugin_info_json.hpp"

#include <stdexcept>

namespace agoras::host::plugins {
namespace {

// ---- Writing ----

Json strings(const std::vector<std::string>& values) {
    Json out = Json::array();
    for (const auto& value : values) out.push(value);
    return out;
}

Json optional_text(const std::optional<std::string>& value) { return value ? Json(*value) : Json(); }

Json option_json(const OptionInfo& o) {
    return Json::object()
        .set("name", o.name)
        .set("type", static_cast<int>(o.type))
        .set("required", o.required)
        .set("default", optional_text(o.default_value))
        .set("env", optional_text(o.env_var))
        .set("help", o.help)
        .set("secret", o.secret)
        .set("numbered_aliases", o.numbered_aliases)
        .set("text", o.text)
        .set("choices", strings(o.choices));
}

Json platform_json(const PlatformInfo& p) {
    Json actions = Json::array();
    for (const auto& a : p.actions) {
        Json options = Json::array();
        for (const auto& o : a.options) options.push(option_json(o));
        actions.push(Json::object().set("name", a.name).set("help", a.help).set("options", std::move(options)));
    }
    return Json::object().set("name", p.name).set("help", p.help).set("actions", std::move(actions)).set("aliases", strings(p.aliases));
}

Json capabilities_json(const CapabilitiesInfo& c) {
    Json media = Json::array();
    for (const auto& m : c.media) {
        media.push(Json::object()
                       .set("kind", static_cast<int>(m.kind))
                       .set("mime_types", strings(m.mime_types))
                       .set("max_bytes", static_cast<unsigned long long>(m.max_bytes))
                       .set("max_width", m.max_width)
                       .set("max_height", m.max_height)
                       .set("min_duration_s", m.min_duration_s)
                       .set("max_duration_s", m.max_duration_s)
                       .set("max_per_post", m.max_per_post)
                       .set("transfer", static_cast<int>(m.transfer)));
    }
    return Json::object()
        .set("platform", c.platform)
        .set("text_limit", c.text_limit)
        .set("text_counting", static_cast<int>(c.text_counting))
        .set("url_length", c.url_length)
        .set("max_media", c.max_media)
        .set("alt_text_limit", c.alt_text_limit)
        .set("media", std::move(media))
        .set("link_card", c.link_card)
        .set("requires_media", c.requires_media)
        .set("mixed_media", c.mixed_media);
}

Json credentials_json(const CredentialExportInfo& c) {
    Json fields = Json::array();
    for (const auto& [field, variable] : c.fields) fields.push(Json::array().push(field).push(variable));
    Json secret;
    if (c.secret_fields) secret = strings({c.secret_fields->begin(), c.secret_fields->end()});
    return Json::object().set("platform", c.platform).set("title", c.title).set("fields", std::move(fields)).set("secret", std::move(secret));
}

// ---- Reading: every member checked, so that a damaged cache is refused rather than half-read ----

[[noreturn]] void damaged(const std::string& what) { throw std::invalid_argument("damaged declaration cache: " + what); }

const Json& member(const Json& object, const char* key) {
    if (!object.is_object() || !object.has(key)) damaged(std::string("no '") + key + "'");
    return object[key];
}

std::string text(const Json& object, const char* key) {
    const Json& value = member(object, key);
    if (!value.is_string()) damaged(std::string("'") + key + "' is not text");
    return value.text();
}

bool flag(const Json& object, const char* key) {
    const Json& value = member(object, key);
    if (!value.is_boolean()) damaged(std::string("'") + key + "' is not true or false");
    return value.boolean();
}

std::uint64_t number(const Json& object, const char* key, std::uint64_t max = UINT32_MAX) {
    const Json& value = member(object, key);
    const auto n = value.integer(-1);
    if (!value.is_number() || n < 0 || static_cast<std::uint64_t>(n) > max) damaged(std::string("'") + key + "' is out of range");
    return static_cast<std::uint64_t>(n);
}

std::uint32_t u32(const Json& object, const char* key) { return static_cast<std::uint32_t>(number(object, key)); }

template <typename Enum>
Enum enumerated(const Json& object, const char* key, int first, int last) {
    const auto n = number(object, key);
    if (n < static_cast<std::uint64_t>(first) || n > static_cast<std::uint64_t>(last)) damaged(std::string("'") + key + "' is unknown");
    return static_cast<Enum>(n);
}

std::optional<std::string> optional_text(const Json& object, const char* key) {
    const Json& value = member(object, key);
    if (value.is_null()) return std::nullopt;
    return text(object, key);
}

const std::vector<Json>& list(const Json& object, const char* key) {
    const Json& value = member(object, key);
    if (!value.is_array()) damaged(std::string("'") + key + "' is not a list");
    return value.items();
}

std::vector<std::string> strings(const Json& object, const char* key) {
    std::vector<std::string> out;
    for (const auto& item : list(object, key)) {
        if (!item.is_string()) damaged(std::string("'") + key + "' holds something other than text");
        out.push_back(item.text());
    }
    return out;
}

OptionInfo option_from(const Json& j) {
    OptionInfo o;
    o.name = text(j, "name");
    o.type = enumerated<agoras_option_type>(j, "type", AGORAS_OPTION_STRING, AGORAS_OPTION_LIST);
    o.required = flag(j, "required");
    o.default_value = optional_text(j, "default");
    o.env_var = optional_text(j, "env");
    o.help = text(j, "help");
    o.secret = flag(j, "secret");
    o.numbered_aliases = u32(j, "numbered_aliases");
    o.text = flag(j, "text");
    o.choices = strings(j, "choices");
    return o;
}

PlatformInfo platform_from(const Json& j) {
    PlatformInfo p;
    p.name = text(j, "name");
    p.help = text(j, "help");
    for (const auto& a : list(j, "actions")) {
        ActionInfo action;
        action.name = text(a, "name");
        action.help = text(a, "help");
        for (const auto& o : list(a, "options")) action.options.push_back(option_from(o));
        p.actions.push_back(std::move(action));
    }
    p.aliases = strings(j, "aliases");
    return p;
}

CapabilitiesInfo capabilities_from(const Json& j) {
    CapabilitiesInfo c;
    c.platform = text(j, "platform");
    c.text_limit = u32(j, "text_limit");
    c.text_counting = enumerated<agoras_text_counting>(j, "text_counting", AGORAS_COUNT_CODE_POINTS, AGORAS_COUNT_WEIGHTED);
    c.url_length = u32(j, "url_length");
    c.max_media = u32(j, "max_media");
    c.alt_text_limit = u32(j, "alt_text_limit");
    for (const auto& m : list(j, "media")) {
        MediaLimitsInfo media;
        media.kind = enumerated<agoras_media_kind>(m, "kind", AGORAS_MEDIA_IMAGE, AGORAS_MEDIA_VIDEO);
        media.mime_types = strings(m, "mime_types");
        media.max_bytes = number(m, "max_bytes", INT64_MAX);
        media.max_width = u32(m, "max_width");
        media.max_height = u32(m, "max_height");
        media.min_duration_s = u32(m, "min_duration_s");
        media.max_duration_s = u32(m, "max_duration_s");
        media.max_per_post = u32(m, "max_per_post");
        media.transfer = enumerated<agoras_media_transfer>(m, "transfer", AGORAS_TRANSFER_URL_PULL, AGORAS_TRANSFER_UPLOAD_BYTES);
        c.media.push_back(std::move(media));
    }
    c.link_card = flag(j, "link_card");
    c.requires_media = flag(j, "requires_media");
    c.mixed_media = flag(j, "mixed_media");
    return c;
}

CredentialExportInfo credentials_from(const Json& j) {
    CredentialExportInfo c;
    c.platform = text(j, "platform");
    c.title = text(j, "title");
    for (const auto& pair : list(j, "fields")) {
        if (!pair.is_array() || pair.items().size() != 2 || !pair.items()[0].is_string() || !pair.items()[1].is_string()) {
            damaged("a credential field is not a [field, variable] pair");
        }
        c.fields.emplace_back(pair.items()[0].text(), pair.items()[1].text());
    }
    if (!member(j, "secret").is_null()) {
        const auto names = strings(j, "secret");
        c.secret_fields = std::set<std::string>(names.begin(), names.end());
    }
    return c;
}

}  // namespace

Json declarations_to_json(const PluginInfo& info) {
    Json platforms = Json::array(), capabilities = Json::array(), settings = Json::array(), credentials = Json::array();
    for (const auto& p : info.platforms) platforms.push(platform_json(p));
    for (const auto& c : info.capabilities) capabilities.push(capabilities_json(c));
    for (const auto& s : info.settings) {
        settings.push(Json::object().set("env", s.env_var).set("help", s.help).set("default", optional_text(s.default_value)));
    }
    for (const auto& c : info.credentials) credentials.push(credentials_json(c));
    return Json::object()
        .set("id", info.id)
        .set("name", info.name)
        .set("version", info.version)
        .set("description", info.description)
        .set("abi_major", info.abi_major)
        .set("abi_minor", info.abi_minor)
        .set("platforms", std::move(platforms))
        .set("capabilities", std::move(capabilities))
        .set("settings", std::move(settings))
        .set("credentials", std::move(credentials));
}

PluginInfo declarations_from_json(const Json& j) {
    PluginInfo info;
    info.id = text(j, "id");
    info.name = text(j, "name");
    info.version = text(j, "version");
    info.description = text(j, "description");
    info.abi_major = u32(j, "abi_major");
    info.abi_minor = u32(j, "abi_minor");
    for (const auto& p : list(j, "platforms")) info.platforms.push_back(platform_from(p));
    for (const auto& c : list(j, "capabilities")) info.capabilities.push_back(capabilities_from(c));
    for (const auto& s : list(j, "settings")) info.settings.push_back({text(s, "env"), text(s, "help"), optional_text(s, "default")});
    for (const auto& c : list(j, "credentials")) info.credentials.push_back(credentials_from(c));
    return info;
}

}  // namespace agoras::host::plugins
