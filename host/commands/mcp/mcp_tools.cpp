#include "commands/mcp/mcp_tools.hpp"

#include "cli/action_options.hpp"
#include "commands/auth/auth_command.hpp"
#include "publish/fanout.hpp"
#include "publish/targets.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/sdk/post.hpp>

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace agoras::host::commands::mcp {
namespace {

constexpr std::size_t kMaxImages = 20;

Json string_schema(const std::string& description, std::size_t max_length = 0) {
    Json s = Json::object().set("type", "string").set("description", description);
    if (max_length > 0) s.set("maxLength", static_cast<unsigned long long>(max_length));
    return s;
}

Json object_schema(Json properties, std::vector<std::string> required) {
    Json schema = Json::object().set("type", "object").set("properties", std::move(properties));
    if (!required.empty()) schema.set("required", Json::array_of(required));
    return schema.set("additionalProperties", false);
}

Json post_input_schema() {
    const Json image = object_schema(Json::object()
                                         .set("url", string_schema("an https:// URL of the image"))
                                         .set("path", string_schema("a local image file"))
                                         .set("alt", string_schema("the image's alt text")),
                                     {});
    return object_schema(
        Json::object()
            .set("targets", Json::object()
                                .set("type", "array")
                                .set("description", "PLATFORM, PLATFORM:ACCOUNT or @GROUP, as agoras post --to takes them")
                                .set("items", Json::object().set("type", "string").set("minLength", 1))
                                .set("minItems", 1))
            .set("text", string_schema("the post's text"))
            .set("link", string_schema("a URL, appended to the text or made a link card"))
            .set("images", Json::object().set("type", "array").set("items", image).set("maxItems", static_cast<int>(kMaxImages)))
            .set("idempotency_key", string_schema("a key for this post: a call repeated with it never posts twice "
                                                  "(default: one made of the post's content)",
                                                  200)),
        {"targets"});
}

Json results_schema(bool with_key) {
    Json properties = Json::object()
                          .set("results", Json::object()
                                              .set("type", "array")
                                              .set("description", "one object per target, as agoras post --to prints them")
                                              .set("items", Json::object().set("type", "object")))
                          .set("exit_code", Json::object().set("type", "integer"));
    if (with_key) properties.set("idempotency_key", Json::object().set("type", "string"));
    return Json::object().set("type", "object").set("properties", std::move(properties)).set("required", Json::array_of(std::vector<std::string>{"results", "exit_code"}));
}

Json list_schema(const std::string& field) {
    return Json::object()
        .set("type", "object")
        .set("properties", Json::object().set(field, Json::object().set("type", "array").set("items", Json::object().set("type", "object"))))
        .set("required", Json::array().push(field));
}

Json annotations(const std::string& title, bool read_only, bool destructive, bool idempotent) {
    return Json::object()
        .set("title", title)
        .set("readOnlyHint", read_only)
        .set("destructiveHint", destructive)
        .set("idempotentHint", idempotent)
        .set("openWorldHint", !read_only);
}

Json tool(const std::string& name, const std::string& description, Json input, Json output, Json hints) {
    return Json::object()
        .set("name", name)
        .set("title", hints["title"].text())
        .set("description", description)
        .set("inputSchema", std::move(input))
        .set("outputSchema", std::move(output))
        .set("annotations", std::move(hints));
}

// The reason `arguments` does not fit its tool ("" when it does): unknown or mistyped properties.
std::string misfit(const Json& arguments, const std::vector<std::pair<std::string, std::string>>& allowed) {
    if (!arguments.is_object()) return "the arguments must be an object";
    for (const auto& [name, value] : arguments.members()) {
        const auto found = std::find_if(allowed.begin(), allowed.end(), [&](const auto& a) { return a.first == name; });
        if (found == allowed.end()) return "unknown argument '" + name + "'";
        const std::string& type = found->second;
        const bool fits = type == "string" ? value.is_string() : type == "array" ? value.is_array() : type == "boolean" ? value.is_boolean() : true;
        if (!fits) return "'" + name + "' must be a " + type;
    }
    return "";
}

ToolResult refusal(std::string why) {
    ToolResult r;
    r.error = std::move(why);
    return r;
}

}  // namespace

Json Tools::list() const {
    Json tools = Json::array();
    tools.push(tool("list_platforms", "The installed platforms, the accounts the vault holds for each, and what a post may hold there.",
                    object_schema(Json::object(), {}), list_schema("platforms"), annotations("List platforms", true, false, true)));
    tools.push(tool("auth_status", "Which accounts are set up (vault and environment), their age, expiry and state; never a secret. "
                                   "check: also ask each platform who the default account is.",
                    object_schema(Json::object().set("check", Json::object().set("type", "boolean")), {}), list_schema("accounts"),
                    annotations("Account status", true, false, true)));
    tools.push(tool("check_post", "Check a post for its targets and return what each would send. Never sends anything.",
                    post_input_schema(), results_schema(false), annotations("Check a post", true, false, true)));
    if (limits_.allow_publish) {
        tools.push(tool("publish_post", "Publish one post to several targets at once. Every target checks the post first; nothing "
                                        "is sent anywhere unless all can take it. Repeating a call never posts twice.",
                        post_input_schema(), results_schema(true), annotations("Publish a post", false, true, true)));
    }
    if (limits_.allow_delete) {
        tools.push(tool("delete_post", "Delete a post, by the platform's id, from a platform's default account or from platform:account.",
                        object_schema(Json::object()
                                          .set("target", string_schema("the published result's platform, or platform:account when it names an account"))
                                          .set("id", string_schema("the post's id, as in the published result")),
                                      {"target", "id"}),
                        results_schema(false), annotations("Delete a post", false, true, true)));
    }
    return tools;
}

bool Tools::exists(const std::string& name) const {
    for (const auto& t : list().items()) {
        if (t["name"].text() == name) return true;
    }
    return name == "publish_post" || name == "delete_post";  // listed or not: they answer how to enable them
}

ToolResult Tools::call(const std::string& name, const Json& arguments, const std::atomic<bool>& cancelled) {
    try {
        if (name == "list_platforms") return list_platforms();
        if (name == "auth_status") return auth_status(arguments);
        if (name == "check_post") return post(arguments, false, cancelled);
        if (name == "publish_post") {
            if (!limits_.allow_publish) return refusal("publishing is off: start the server with agoras mcp --allow-publish");
            return post(arguments, true, cancelled);
        }
        if (name == "delete_post") {
            if (!limits_.allow_delete) return refusal("deleting is off: start the server with agoras mcp --allow-delete");
            return delete_post(arguments);
        }
    } catch (const StatusError& e) {
        return refusal(std::string(e.what()) + " (exit " + std::to_string(e.status()) + ")");
    } catch (const std::exception& e) {  // the server keeps serving whatever one call met
        return refusal(std::string("the tool failed: ") + e.what());
    }
    return refusal("unknown tool '" + name + "'");
}

ToolResult Tools::list_platforms() {
    registry_.load_all();
    Json platforms = Json::array();
    for (const auto& entry : registry_.platforms()) {
        const std::string& name = entry.platform().name;
        Json accounts = Json::array();
        std::vector<vault::RecordInfo> records;
        services::check(services::vault().list(name, records));
        std::string default_account;
        services::check(services::vault().get_default(name, default_account));
        for (const auto& record : records) accounts.push(record.identifier);
        Json line = Json::object()
                        .set("name", name)
                        .set("description", entry.platform().help)
                        .set("accounts", std::move(accounts))
                        .set("default_account", default_account.empty() ? Json() : Json(default_account));
        if (const auto* caps = entry.plugin->info().capabilities_of(name)) {
            line.set("limits", Json::object()
                                   .set("text", caps->text_limit)
                                   .set("media", caps->max_media)
                                   .set("alt_text", caps->alt_text_limit)
                                   .set("link_card", caps->link_card)
                                   .set("requires_media", caps->requires_media));
        }
        platforms.push(std::move(line));
    }
    ToolResult r;
    r.structured.set("platforms", std::move(platforms));
    return r;
}

ToolResult Tools::auth_status(const Json& arguments) {
    if (const std::string why = misfit(arguments, {{"check", "boolean"}}); !why.empty()) return refusal(why);
    const AuthReport report = auth_report(registry_, "", arguments["check"].boolean());
    ToolResult r;
    r.structured.set("accounts", Json::array_of(report.lines));
    return r;
}

std::string Tools::refused_target(const std::vector<std::string>& targets) const {
    if (limits_.allowed_targets.empty()) return "";
    for (const auto& target : targets) {
        const std::string platform = target.substr(0, target.find(':'));
        const bool allowed = std::any_of(limits_.allowed_targets.begin(), limits_.allowed_targets.end(),
                                         [&](const std::string& a) { return a == target || a == platform; });
        if (!allowed) return "target '" + target + "' is not allowed here (agoras mcp --allow-target)";
    }
    return "";
}

ToolResult Tools::post(const Json& arguments, bool send, const std::atomic<bool>& cancelled) {
    const std::string why = misfit(arguments, {{"targets", "array"}, {"text", "string"}, {"link", "string"}, {"images", "array"},
                                               {"idempotency_key", "string"}});
    if (!why.empty()) return refusal(why);
    publish::PublishPlan plan;
    for (const auto& target : arguments["targets"].items()) {
        if (!target.is_string() || target.text().empty()) return refusal("every target must be a non-empty string");
        plan.specs.push_back(target.text());
    }
    if (plan.specs.empty()) return refusal("targets must name at least one target");
    if (const std::string refused = refused_target(plan.specs); !refused.empty()) return refusal(refused);
    plan.post.text = arguments["text"].text();
    if (arguments.has("link")) plan.post.link = arguments["link"].text();
    if (arguments["images"].size() > kMaxImages) return refusal("at most 20 images");
    for (const auto& image : arguments["images"].items()) {
        if (const std::string misfit_image = misfit(image, {{"url", "string"}, {"path", "string"}, {"alt", "string"}});
            !misfit_image.empty()) {
            return refusal("images: " + misfit_image);
        }
        if (image.has("url") == image.has("path")) return refusal("each image needs either url or path");
        plan.post.media.push_back({AGORAS_MEDIA_IMAGE, image.has("url") ? image["url"].text() : image["path"].text(), "",
                                   image["alt"].text()});
    }
    plan.dry_run = !send;
    plan.cancelled = &cancelled;
    if (send) {
        // Without a key, one made of the content: an assistant that repeats a call cannot post twice.
        plan.key = arguments.has("idempotency_key") ? arguments["idempotency_key"].text()
                                                   : "mcp-" + publish::content_fingerprint(plan);
        if (limits_.max_posts > 0 && !keys_published_.count(*plan.key) &&
            static_cast<long long>(keys_published_.size()) >= limits_.max_posts) {
            return refusal("this session may publish at most " + std::to_string(limits_.max_posts) +
                           " posts (agoras mcp --max-posts)");
        }
    }
    Json lines = Json::array();
    plan.sink = [&lines](const Json& line) { lines.push(line); };
    const int code = publish::publish_to_targets(registry_, plan);
    if (send) keys_published_.insert(*plan.key);
    ToolResult r;
    r.structured.set("results", std::move(lines)).set("exit_code", code);
    if (send) r.structured.set("idempotency_key", *plan.key);
    return r;
}

ToolResult Tools::delete_post(const Json& arguments) {
    if (const std::string why = misfit(arguments, {{"target", "string"}, {"id", "string"}}); !why.empty()) return refusal(why);
    const std::string target = arguments["target"].text(), id = arguments["id"].text();
    if (target.empty() || id.empty()) return refusal("delete_post needs target and id");
    if (const std::string refused = refused_target({target}); !refused.empty()) return refusal(refused);
    // PLATFORM, or PLATFORM:ACCOUNT for another vault account than the default, as publish_post takes them.
    std::string account;
    std::optional<plugins::PlatformEntry> entry;
    plugins::OptionValues values;
    try {
        const plugins::RunTarget named = publish::split_target(target);
        account = named.account;
        entry = registry_.find_platform(named.platform);
        if (!entry) return refusal("no installed plugin provides platform '" + named.platform + "'");
        const auto* action = entry->platform().find_action("delete");
        if (action == nullptr) return refusal(named.platform + " has no delete action");
        if (!account.empty()) publish::require_account(*entry, target, entry->platform().name, account);
        values = cli::parse_action_options(publish::for_account(*action, *entry, account), {"--post-id", id}).values;
    } catch (const StatusError& e) {
        return refusal(e.what());
    }
    Json lines = Json::array();
    std::string error;
    const agoras_status status = entry->plugin->run(
        entry->platform().name, "delete", values, error, [&lines](const std::string& json) { lines.push(Json::parse(json)); }, account);
    if (status != AGORAS_OK) return refusal((error.empty() ? "delete failed" : error) + " (exit " + std::to_string(status) + ")");
    ToolResult r;
    r.structured.set("results", std::move(lines)).set("exit_code", 0);
    return r;
}

}  // namespace agoras::host::commands::mcp
