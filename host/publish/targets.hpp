// The targets of one publish: `--to`/`--network` specs (PLATFORM, PLATFORM:ACCOUNT, @GROUP) resolved
// to the plugin that serves each platform, the vault account the user named, and the options the
// platform's own post action would take from the environment.
#pragma once

#include "plugins/loaded_plugin.hpp"
#include "plugins/plugin_registry.hpp"

#include <agoras/sdk/post.hpp>

#include <string>
#include <utility>
#include <vector>

namespace agoras::host::publish {

struct Target {
    std::string spec;  // as given: "mastodon:me@example.social"
    plugins::RunTarget run;  // platform, and the named account ("" for the default)
    plugins::PlatformEntry entry{};
    plugins::OptionValues values;  // the platform's post options from the environment and defaults
    sdk::Post post;
    std::vector<sdk::Post> chain;  // with --thread, when the text had to be split: the posts, in order
};

// PLATFORM or PLATFORM:ACCOUNT, as --to, a platform command and MCP name them ("" for the default account);
// a usage error when nothing follows the ':'.
plugins::RunTarget split_target(const std::string& spec);

// A named account must be one the vault holds (else the plugin would act as another): throws a usage error naming
// `spec` and the accounts it holds.
void require_account(const plugins::PlatformEntry& entry, const std::string& spec, const std::string& platform,
                     const std::string& account);

// `action` as it runs for `account`: for a named one, the environment variables that name an account (the
// platform's credential exports) are not read, since the account comes from the vault, not from whatever the
// environment holds for the default one.
plugins::ActionInfo for_account(const plugins::ActionInfo& action, const plugins::PlatformEntry& entry,
                                const std::string& account);

// The targets `specs` name, groups expanded from the configuration and repeats dropped, each with
// `post` (or its --text-for text). Throws a usage error, before anything is sent, for a platform no
// plugin publishes to, a group that does not exist, or an account the vault does not hold.
std::vector<Target> resolve_targets(plugins::PluginRegistry& registry, const std::vector<std::string>& specs,
                                    const sdk::Post& post,
                                    const std::vector<std::pair<std::string, std::string>>& texts_for, bool dry_run);

}  // namespace agoras::host::publish
