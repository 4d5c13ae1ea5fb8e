// The publishing engine that `post --to`, `utils feed-publish` and `utils schedule-run` share: one
// typed post checked by every target before anything is sent, then published to all of them at once,
// with a journal (an idempotency key) so that a rerun never publishes twice. docs/post.md.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <agoras/json.hpp>
#include <agoras/sdk/post.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace agoras::host::publish {

// Exit code when some targets were published and some failed (README: exit codes).
constexpr int kPartialFailure = 9;

// What became of one target: published, already-published, failed, unknown, dry-run, skipped.
struct TargetResult {
    std::string spec, status, error;
};

// One post for several targets.
struct PublishPlan {
    std::vector<std::string> specs;  // PLATFORM, PLATFORM:ACCOUNT or @GROUP
    sdk::Post post;
    std::vector<std::pair<std::string, std::string>> texts_for;  // PLATFORM, its own text
    // The journal key: nothing is published twice under it. Without one, the run is journaled under a
    // key of its own, which a failure names (with `command`, the command line that made the run).
    std::optional<std::string> key;
    bool key_names_post = true;  // the key stands for this post: reusing it for another is refused
    std::vector<std::string> command;
    bool dry_run = false, thread = false;
    // Targets that cannot take this post (it refuses its shape, exit 2: Instagram without an image) are
    // reported "skipped" and the rest published, instead of nothing being sent.
    bool skip_unfit = false;
    // What a target that refuses the text does, by platform ("*": every other): "refuse" (the default, or
    // "thread" with `thread`), "truncate" (cut at a word with "…", trailing links kept whole) or "thread".
    std::map<std::string, std::string> too_long;
    Json extra = Json::object();  // fields added to every result line
    std::vector<TargetResult>* results = nullptr;  // set: filled with every target's outcome
    // Set: each result line goes here instead of stdout (agoras mcp answers with them).
    std::function<void(const Json& line)> sink;
    // Set and true once the checks are done: nothing is sent (a cancelled MCP request); StatusError.
    const std::atomic<bool>* cancelled = nullptr;
};

// Checks the post on every target, then publishes it to those not yet published under the key,
// printing one result line per target. Returns the exit code (exit_code_of the targets' codes).
int publish_to_targets(plugins::PluginRegistry& registry, const PublishPlan& plan);

// The run's exit code from each target's: 0 when all succeeded, the first failure's code when all
// failed, kPartialFailure when some did.
int exit_code_of(const std::vector<int>& codes);

// A fingerprint of what the plan posts (targets, text, link, media, per-platform texts, thread): what a
// key is bound to, and what agoras mcp makes a key of when a call gives none.
std::string content_fingerprint(const PublishPlan& plan);

// Whether every target (PLATFORM or PLATFORM:ACCOUNT) is published under `key`.
bool published_everywhere(const std::string& key, const std::vector<std::string>& specs);
// Those of `keys` published for every target, in one query.
std::set<std::string> published_everywhere(const std::vector<std::string>& keys, const std::vector<std::string>& specs);

}  // namespace agoras::host::publish
