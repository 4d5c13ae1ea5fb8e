// What a plugin declares, as C++ builders: platforms, actions and options (the command line), and
// since ABI 1.1 what it can publish (capabilities per platform), the settings it reads from the
// environment, and how its vault records map to environment variables. DescriptorStorage turns a
// PluginSpec into the C structures of plugin_abi.h and keeps them alive for the process.
#ifndef AGORAS_SDK_DECLARATIONS_HPP
#define AGORAS_SDK_DECLARATIONS_HPP

#include <agoras/ext/declarations.h>
#include <agoras/ext/publish.h>
#include <agoras/sdk/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace agoras {
class Json;
}

namespace agoras::sdk {

class Invocation;
struct Post;

// What runs an action (Action::runs): the plugin needs no dispatch of its own.
using ActionHandler = void (*)(const Invocation& call);

// What publishes typed posts on a platform (Platform::posts_with), as Plugin's validate_post,
// publish_post and reconcile_post would (plugin.hpp); reconcile may be left out.
struct PostHandlers {
    Json (*validate)(const Invocation& call, const Post& post) = nullptr;
    void (*publish)(const Invocation& call, const Post& post) = nullptr;
    Json (*reconcile)(const Invocation& call, const Post& post, const Json& checkpoint) = nullptr;
};

class Option {
public:
    static Option string(std::string name) { return Option(std::move(name), AGORAS_OPTION_STRING); }
    static Option integer(std::string name) { return Option(std::move(name), AGORAS_OPTION_INTEGER); }
    static Option flag(std::string name) { return Option(std::move(name), AGORAS_OPTION_FLAG); }
    // Since 1.1: given several times, one value per occurrence (Invocation::get_all).
    static Option list(std::string name) { return Option(std::move(name), AGORAS_OPTION_LIST); }

    Option& help(std::string text) { help_ = std::move(text); return *this; }
    Option& required(bool value = true) { required_ = value; return *this; }
    Option& default_value(std::string value) { default_ = std::move(value); return *this; }
    Option& env(std::string variable) { env_ = std::move(variable); return *this; }
    Option& secret(bool value = true) { secret_ = value; return *this; }
    // Since 1.1, list options: also --<name>-1 ... --<name>-N, as the original tool named them.
    Option& numbered(std::uint32_t count) { numbered_ = count; return *this; }
    // Since 1.1: free text, so "-" reads stdin and --<name>-file FILE reads a file.
    Option& text(bool value = true) { text_ = value; return *this; }
    // Appended after 1.1: the only values the option takes; the host refuses others and completion offers them.
    Option& choices(std::vector<std::string> values) { choices_ = std::move(values); return *this; }

private:
    Option(std::string name, agoras_option_type type) : name_(std::move(name)), type_(type) {}
    friend class DescriptorStorage;
    std::string name_;
    agoras_option_type type_;
    std::string help_;
    bool required_ = false;
    std::optional<std::string> default_;
    std::optional<std::string> env_;
    bool secret_ = false;
    std::uint32_t numbered_ = 0;
    bool text_ = false;
    std::vector<std::string> choices_;
    std::vector<const char*> choice_ptrs_;  // filled by DescriptorStorage
};

class Action {
public:
    Action(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
    Action& option(Option option) { options_.push_back(std::move(option)); return *this; }
    // The function that runs it (else the plugin overrides Plugin::run).
    Action& runs(ActionHandler handler) { handler_ = handler; return *this; }

private:
    friend class DescriptorStorage;
    std::string name_, help_;
    std::vector<Option> options_;
    ActionHandler handler_ = nullptr;
};

class Platform {
public:
    Platform(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
    Platform& action(Action action) { actions_.push_back(std::move(action)); return *this; }
    // The functions that publish typed posts here (else the plugin overrides Plugin's).
    Platform& posts_with(PostHandlers handlers) { post_handlers_ = handlers; return *this; }
    // An older name that still runs this platform, with a deprecation warning from the host.
    Platform& alias(std::string name) { aliases_.push_back(std::move(name)); return *this; }

private:
    friend class DescriptorStorage;
    std::string name_, help_;
    std::vector<Action> actions_;
    PostHandlers post_handlers_;
    std::vector<std::string> aliases_;
    std::vector<const char*> alias_ptrs_;
};

// What one kind of media may be on a platform (agoras_media_limits).
class MediaLimits {
public:
    explicit MediaLimits(agoras_media_kind kind) : kind_(kind) {}
    MediaLimits& mime_types(std::vector<std::string> types) { mime_types_ = std::move(types); return *this; }
    MediaLimits& max_bytes(std::uint64_t bytes) { max_bytes_ = bytes; return *this; }
    MediaLimits& max_dimensions(std::uint32_t width, std::uint32_t height) { width_ = width; height_ = height; return *this; }
    MediaLimits& duration(std::uint32_t min_s, std::uint32_t max_s) { min_s_ = min_s; max_s_ = max_s; return *this; }
    MediaLimits& per_post(std::uint32_t count) { per_post_ = count; return *this; }
    MediaLimits& transfer(agoras_media_transfer transfer) { transfer_ = transfer; return *this; }

private:
    friend class DescriptorStorage;
    agoras_media_kind kind_;
    std::vector<std::string> mime_types_;
    std::uint64_t max_bytes_ = 0;
    std::uint32_t width_ = 0, height_ = 0, min_s_ = 0, max_s_ = 0, per_post_ = 1;
    agoras_media_transfer transfer_ = AGORAS_TRANSFER_UPLOAD_BYTES;
};

// What a platform can publish (agoras_publish_capabilities).
class Capabilities {
public:
    explicit Capabilities(std::string platform) : platform_(std::move(platform)) {}
    Capabilities& text(std::uint32_t limit, agoras_text_counting counting) { limit_ = limit; counting_ = counting; return *this; }
    Capabilities& url_length(std::uint32_t length) { url_length_ = length; return *this; }
    Capabilities& max_media(std::uint32_t count) { max_media_ = count; return *this; }
    Capabilities& media(MediaLimits limits) { media_.push_back(std::move(limits)); return *this; }
    Capabilities& alt_text(std::uint32_t limit) { alt_text_ = limit; return *this; }
    Capabilities& link_card(bool value = true) { link_card_ = value; return *this; }
    Capabilities& requires_media(bool value = true) { requires_media_ = value; return *this; }
    Capabilities& mixed_media(bool value = true) { mixed_media_ = value; return *this; }

private:
    friend class DescriptorStorage;
    std::string platform_;
    std::uint32_t limit_ = 0;
    agoras_text_counting counting_ = AGORAS_COUNT_CODE_POINTS;
    std::uint32_t url_length_ = 0, max_media_ = 0, alt_text_ = 0;
    std::vector<MediaLimits> media_;
    bool link_card_ = false, requires_media_ = false, mixed_media_ = false;
};

// An environment variable a plugin reads (an endpoint override, say), declared once: given to
// PluginSpec::setting, which lists it in `agoras help environment` and the platform's help, and read
// with value(). Reading settings only through these keeps that list complete.
struct Setting {
    const char* env_var;
    const char* help;
    const char* default_value = nullptr;

    // The variable's value, else the default ("" when there is none). An empty value counts as unset
    // for a setting without a default; one with a default (an endpoint) set to nothing is a usage
    // error, since the default would quietly apply: a test whose stand-in server failed to start would
    // send real traffic to the real service.
    std::string value() const {
        const char* set = std::getenv(env_var);
        if (set != nullptr && *set != '\0') return set;
        if (set != nullptr && default_value != nullptr) {
            throw Error(AGORAS_ERR_USAGE, std::string(env_var) + " is set but empty: unset it for the default (" +
                                              default_value + "), or give a value");
        }
        return default_value != nullptr ? default_value : "";
    }
};

class PluginSpec {
public:
    PluginSpec(std::string id, std::string name, std::string version, std::string description = {})
        : id_(std::move(id)), name_(std::move(name)), version_(std::move(version)), description_(std::move(description)) {}
    PluginSpec& platform(Platform platform) { platforms_.push_back(std::move(platform)); return *this; }
    // Since 1.1: the platform publishes typed posts (agoras.publish/1); the plugin implements
    // Plugin::validate_post and Plugin::publish_post.
    PluginSpec& publishes(Capabilities capabilities) { capabilities_.push_back(std::move(capabilities)); return *this; }
    // Since 1.1: an environment variable the plugin reads (an endpoint override, say), for the help.
    PluginSpec& setting(std::string env_var, std::string help, std::optional<std::string> default_value = {}) {
        settings_.push_back({std::move(env_var), std::move(help), std::move(default_value)});
        return *this;
    }
    PluginSpec& setting(const Setting& setting) {
        return this->setting(setting.env_var, setting.help,
                             setting.default_value != nullptr ? std::optional<std::string>(setting.default_value)
                                                              : std::nullopt);
    }
    // Since 1.1: which environment variable each vault field of `platform` is exported as by
    // `agoras utils tokens unattended-format`, in order, under the comment line `title`; and which of
    // the platform's vault fields hold secrets (masked, kept out of logs), exported or not.
    PluginSpec& credentials(std::string platform, std::string title,
                            std::vector<std::pair<std::string, std::string>> field_to_env,
                            std::vector<std::string> secret_fields) {
        credentials_.push_back({std::move(platform), std::move(title), std::move(field_to_env), std::move(secret_fields)});
        return *this;
    }
    // Overrides the ABI version the plugin claims; only the ABI test fixtures need this.
    PluginSpec& claim_abi(std::uint32_t major, std::uint32_t minor) { abi_major_ = major; abi_minor_ = minor; return *this; }

    bool has_capabilities() const { return !capabilities_.empty(); }

private:
    friend class DescriptorStorage;
    struct Setting {
        std::string env_var, help;
        std::optional<std::string> default_value;
    };
    struct Credentials {
        std::string platform, title;
        std::vector<std::pair<std::string, std::string>> fields;
        std::vector<std::string> secret_fields;
    };
    std::string id_, name_, version_, description_;
    std::vector<Platform> platforms_;
    std::vector<Capabilities> capabilities_;
    std::vector<Setting> settings_;
    std::vector<Credentials> credentials_;
    std::uint32_t abi_major_ = AGORAS_ABI_MAJOR, abi_minor_ = AGORAS_ABI_MINOR;
};

// Owns the C structures built from a PluginSpec; lives in static storage for the life of the process.
// Every structure is allocated once and never moves, so the pointers handed to the host stay valid.
class DescriptorStorage {
public:
    explicit DescriptorStorage(PluginSpec spec) : spec_(std::move(spec)) {
        for (auto& platform : spec_.platforms_) {
            auto& action_ptrs = arrays_of<agoras_action_decl>().emplace_back();
            post_handlers_[platform.name_] = platform.post_handlers_;
            for (auto& action : platform.actions_) {
                if (action.handler_ != nullptr) handlers_[{platform.name_, action.name_}] = action.handler_;
                auto& option_ptrs = arrays_of<agoras_option_decl>().emplace_back();
                for (auto& option : action.options_) {
                    for (const auto& choice : option.choices_) option.choice_ptrs_.push_back(choice.c_str());
                    option_ptrs.push_back(make(agoras_option_decl{
                        sizeof(agoras_option_decl), option.name_.c_str(), static_cast<std::uint32_t>(option.type_),
                        option.required_ ? 1u : 0u, option.default_ ? option.default_->c_str() : nullptr,
                        option.env_ ? option.env_->c_str() : nullptr, option.help_.c_str(), option.secret_ ? 1u : 0u,
                        option.numbered_, option.text_ ? 1u : 0u,
                        option.choice_ptrs_.empty() ? nullptr : option.choice_ptrs_.data(),
                        static_cast<std::uint32_t>(option.choice_ptrs_.size())}));
                }
                action_ptrs.push_back(make(agoras_action_decl{sizeof(agoras_action_decl), action.name_.c_str(),
                                                              action.help_.c_str(), option_ptrs.data(),
                                                              static_cast<std::uint32_t>(option_ptrs.size())}));
            }
            for (const auto& alias : platform.aliases_) platform.alias_ptrs_.push_back(alias.c_str());
            platform_ptrs_.push_back(make(agoras_platform_decl{
                sizeof(agoras_platform_decl), platform.name_.c_str(), platform.help_.c_str(), action_ptrs.data(),
                static_cast<std::uint32_t>(action_ptrs.size()), platform.alias_ptrs_.data(),
                static_cast<std::uint32_t>(platform.alias_ptrs_.size())}));
        }
        build_capabilities();
        build_declarations();
        descriptor_.struct_size = sizeof(agoras_plugin_descriptor);
        descriptor_.abi_major = spec_.abi_major_;
        descriptor_.abi_minor = spec_.abi_minor_;
        descriptor_.id = spec_.id_.c_str();
        descriptor_.name = spec_.name_.c_str();
        descriptor_.version = spec_.version_.c_str();
        descriptor_.description = spec_.description_.c_str();
        descriptor_.platforms = platform_ptrs_.data();
        descriptor_.platform_count = static_cast<std::uint32_t>(platform_ptrs_.size());
    }
    DescriptorStorage(const DescriptorStorage&) = delete;
    DescriptorStorage& operator=(const DescriptorStorage&) = delete;

    agoras_plugin_descriptor& descriptor() { return descriptor_; }
    bool publishes() const { return spec_.has_capabilities(); }
    // agoras.publish/1 without its functions, which the plugin macro fills in.
    agoras_publish_v1& publish_extension() { return publish_; }
    const agoras_declarations_v1& declarations_extension() const { return declarations_; }


    // The handler of `action` on `platform` (Action::runs), or nullptr.
    ActionHandler handler(const std::string& platform, const std::string& action) const {
        const auto found = handlers_.find({platform, action});
        return found == handlers_.end() ? nullptr : found->second;
    }
    // The post handlers of `platform` (Platform::posts_with); empty ones when it has none.
    PostHandlers post_handlers(const std::string& platform) const {
        const auto found = post_handlers_.find(platform);
        return found == post_handlers_.end() ? PostHandlers{} : found->second;
    }
private:
    std::map<std::pair<std::string, std::string>, ActionHandler> handlers_;
    std::map<std::string, PostHandlers> post_handlers_;
    template <typename T>
    const T* make(T value) {
        auto& store = objects_of<T>();
        store.push_back(std::make_unique<T>(value));
        return store.back().get();
    }
    template <typename T>
    std::deque<std::unique_ptr<T>>& objects_of() {
        static_assert(sizeof(T) > 0);
        return std::get<std::deque<std::unique_ptr<T>>>(objects_);
    }
    template <typename T>
    std::deque<std::vector<const T*>>& arrays_of() {
        return std::get<std::deque<std::vector<const T*>>>(arrays_);
    }

    void build_capabilities() {
        for (auto& caps : spec_.capabilities_) {
            auto& media_ptrs = arrays_of<agoras_media_limits>().emplace_back();
            for (auto& media : caps.media_) {
                auto& mime_ptrs = string_arrays_.emplace_back();
                for (auto& type : media.mime_types_) mime_ptrs.push_back(type.c_str());
                media_ptrs.push_back(make(agoras_media_limits{
                    sizeof(agoras_media_limits), static_cast<std::uint32_t>(media.kind_), mime_ptrs.data(),
                    static_cast<std::uint32_t>(mime_ptrs.size()), media.max_bytes_, media.width_, media.height_,
                    media.min_s_, media.max_s_, media.per_post_, static_cast<std::uint32_t>(media.transfer_)}));
            }
            capability_ptrs_.push_back(make(agoras_publish_capabilities{
                sizeof(agoras_publish_capabilities), caps.platform_.c_str(), caps.limit_,
                static_cast<std::uint32_t>(caps.counting_), caps.url_length_, caps.max_media_, media_ptrs.data(),
                static_cast<std::uint32_t>(media_ptrs.size()), caps.alt_text_, caps.link_card_ ? 1u : 0u,
                caps.requires_media_ ? 1u : 0u, caps.mixed_media_ ? 1u : 0u}));
        }
        publish_.struct_size = sizeof publish_;
        publish_.capabilities = capability_ptrs_.data();
        publish_.capability_count = static_cast<std::uint32_t>(capability_ptrs_.size());
    }

    void build_declarations() {
        for (auto& setting : spec_.settings_) {
            setting_ptrs_.push_back(make(agoras_setting_decl{sizeof(agoras_setting_decl), setting.env_var.c_str(),
                                                             setting.help.c_str(),
                                                             setting.default_value ? setting.default_value->c_str()
                                                                                   : nullptr}));
        }
        for (auto& credentials : spec_.credentials_) {
            auto& field_ptrs = arrays_of<agoras_credential_field>().emplace_back();
            for (auto& [field, env] : credentials.fields) {
                field_ptrs.push_back(make(agoras_credential_field{sizeof(agoras_credential_field), field.c_str(), env.c_str()}));
            }
            auto& secret_names = string_arrays_.emplace_back();
            for (const auto& name : credentials.secret_fields) secret_names.push_back(name.c_str());
            credential_ptrs_.push_back(make(agoras_credential_export{
                sizeof(agoras_credential_export), credentials.platform.c_str(), credentials.title.c_str(),
                field_ptrs.data(), static_cast<std::uint32_t>(field_ptrs.size()), secret_names.data(),
                static_cast<std::uint32_t>(secret_names.size())}));
        }
        declarations_ = agoras_declarations_v1{sizeof(agoras_declarations_v1), setting_ptrs_.data(),
                                               static_cast<std::uint32_t>(setting_ptrs_.size()),
                                               credential_ptrs_.data(),
                                               static_cast<std::uint32_t>(credential_ptrs_.size())};
    }

    PluginSpec spec_;
    std::tuple<std::deque<std::unique_ptr<agoras_option_decl>>, std::deque<std::unique_ptr<agoras_action_decl>>,
               std::deque<std::unique_ptr<agoras_platform_decl>>, std::deque<std::unique_ptr<agoras_media_limits>>,
               std::deque<std::unique_ptr<agoras_publish_capabilities>>,
               std::deque<std::unique_ptr<agoras_setting_decl>>, std::deque<std::unique_ptr<agoras_credential_field>>,
               std::deque<std::unique_ptr<agoras_credential_export>>>
        objects_;
    std::tuple<std::deque<std::vector<const agoras_option_decl*>>, std::deque<std::vector<const agoras_action_decl*>>,
               std::deque<std::vector<const agoras_media_limits*>>,
               std::deque<std::vector<const agoras_credential_field*>>>
        arrays_;
    std::deque<std::vector<const char*>> string_arrays_;  // MIME types, names of secret fields
    std::vector<const agoras_platform_decl*> platform_ptrs_;
    std::vector<const agoras_publish_capabilities*> capability_ptrs_;
    std::vector<const agoras_setting_decl*> setting_ptrs_;
    std::vector<const agoras_credential_export*> credential_ptrs_;
    agoras_publish_v1 publish_{};
    agoras_declarations_v1 declarations_{};
    agoras_plugin_descriptor descriptor_{};
};

}  // namespace agoras::sdk

#endif
