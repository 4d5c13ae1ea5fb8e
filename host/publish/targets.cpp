#include "publish/targets.hpp"

#include "cli/action_options.hpp"
#include "cli/suggest.hpp"
#include "config/config_file.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"
#include "vault/fields.hpp"
#include "vault/names.hpp"

#include <algorithm>

namespace agoras::host::publish {
namespace {

// Whether the vault holds `identifier` as an account of `platform`: a record holding one of its
// credential fields (not an app registration or a cache a plugin keeps beside its accounts).
bool is_account(const plugins::PlatformEntry& entry, const std::string& platform, const std::string& identifier) {
    std::optional<vault::Record> record;
    services::check(services::vault().get(platform, identifier, record));
    if (!record) return false;
    const auto declared = entry.plugin->info().credential_fields(platform);
    if (declared.empty()) return true;
    return std::any_of(record->fields.begin(), record->fields.end(), [&](const auto& field) {
        return std::any_of(declared.begin(), declared.end(), [&](const auto& d) { return d.first == field.first; });
    });
}

Target resolve(plugins::PluginRegistry& registry, const std::string& spec, const config::Config& config) {
    Target target;
    target.spec = spec;
    const plugins::RunTarget named = split_target(spec);
    const auto entry = registry.find_platform(named.platform);
    if (!entry) {
        throw usage_error("target " + spec + ": no installed plugin provides platform '" + named.platform + "'" +
                          cli::did_you_mean(named.platform, registry.platform_names()));
    }
    target.run.platform = entry->platform().name;  // an alias posts as its platform
    const std::string& platform = target.run.platform;
    if (!entry->plugin->publishes() || entry->plugin->info().capabilities_of(platform) == nullptr) {
        throw usage_error("target " + spec + ": the " + platform + " plugin does not publish typed posts");
    }
    target.entry = *entry;
    if (!named.account.empty()) {
        target.run.account = named.account;
        require_account(*entry, spec, platform, target.run.account);
    }
    // The options the platform's own post action would take from the environment and the
    // configuration. For a named account, the variables that name an account are not read: the
    // account comes from the vault, not from whatever the environment holds for the default one.
    if (const auto* declared = entry->platform().find_action("post")) {
        const plugins::ActionInfo action = for_account(*declared, *entry, target.run.account);
        const auto configured = config.defaults.find(platform);
        for (auto& [name, value] :
             cli::parse_action_options(action, {}, configured != config.defaults.end() ? configured->second
                                                                                        : cli::ConfiguredDefaults{})
                 .values) {
            if (name != "dry-run") target.values.emplace_back(name, value);
        }
    }
    return target;
}

// `specs` with every @GROUP replaced by its members.
std::vector<std::string> expand_groups(const std::vector<std::string>& specs, const config::Config& config) {
    std::vector<std::string> expanded;
    for (const auto& spec : specs) {
        if (spec.empty() || spec.front() != '@') {
            expanded.push_back(spec);
            continue;
        }
        const auto group = config.groups.find(spec.substr(1));
        if (group == config.groups.end()) {
            throw usage_error("no group '" + spec.substr(1) + "' in " + config::config_file().string() +
                              " (agoras config set groups." + spec.substr(1) + " P1,P2)");
        }
        expanded.insert(expanded.end(), group->second.begin(), group->second.end());
    }
    return expanded;
}

}  // namespace

plugins::RunTarget split_target(const std::string& spec) {
    const auto colon = spec.find(':');
    if (colon == std::string::npos) return {spec, ""};
    if (colon + 1 == spec.size()) throw usage_error("'" + spec + "' names no account after ':'");
    return {spec.substr(0, colon), spec.substr(colon + 1)};
}

void require_account(const plugins::PlatformEntry& entry, const std::string& spec, const std::string& platform,
                     const std::string& account) {
    vault::validate_identifier(account);
    if (is_account(entry, platform, account)) return;
    std::vector<vault::RecordInfo> records;
    services::check(services::vault().list(platform, records));
    std::string known;
    for (const auto& info : records) {
        if (is_account(entry, platform, info.identifier)) known += (known.empty() ? "" : ", ") + info.identifier;
    }
    throw usage_error("target " + spec + ": the vault holds no " + platform + " account '" + account + "' (" +
                      (known.empty() ? "it holds none; run agoras " + platform + " authorize" : "it holds: " + known) +
                      ")");
}

plugins::ActionInfo for_account(const plugins::ActionInfo& action, const plugins::PlatformEntry& entry,
                                const std::string& account) {
    plugins::ActionInfo adapted = action;
    if (account.empty()) return adapted;
    for (const auto& exported : entry.plugin->info().credential_fields(entry.platform().name)) {
        for (auto& option : adapted.options) {
            if (option.env_var == exported.second) option.env_var.reset();
        }
    }
    return adapted;
}

std::vector<Target> resolve_targets(plugins::PluginRegistry& registry, const std::vector<std::string>& specs,
                                    const sdk::Post& post,
                                    const std::vector<std::pair<std::string, std::string>>& texts_for, bool dry_run) {
    const config::Config config = config::load();
    std::vector<Target> targets;
    for (const auto& spec : expand_groups(specs, config)) {
        const bool seen = std::any_of(targets.begin(), targets.end(), [&](const Target& t) { return t.spec == spec; });
        if (seen) continue;  // a group may repeat a target
        Target target = resolve(registry, spec, config);
        if (dry_run) target.values.emplace_back("dry-run", "true");
        target.post = post;
        for (const auto& [platform, text] : texts_for) {
            if (platform == target.run.platform) target.post.text = text;
        }
        targets.push_back(std::move(target));
    }
    if (targets.empty()) throw usage_error("--to names no target");
    return targets;
}

}  // namespace agoras::host::publish
