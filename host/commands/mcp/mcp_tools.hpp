// The tools `agoras mcp` offers an assistant (docs/mcp.md): list_platforms, auth_status, check_post,
// publish_post and delete_post, each with its JSON Schemas and hints, over the same publishing engine
// as `post --to`. The publishing tools exist only when the operator allowed them.
#pragma once

#include "plugins/plugin_registry.hpp"

#include <agoras/json.hpp>

#include <atomic>
#include <set>
#include <string>
#include <vector>

namespace agoras::host::commands::mcp {

// What the operator allows, fixed when the server starts.
struct Limits {
    bool allow_publish = false, allow_delete = false;
    std::vector<std::string> allowed_targets;  // empty: any target
    long long max_posts = 0;                   // posts (distinct keys) per session; 0: no limit
};

// A tool's answer: structured content, or an error the assistant can read and correct.
struct ToolResult {
    Json structured = Json::object();
    std::string error;  // non-empty: isError
};

class Tools {
public:
    Tools(plugins::PluginRegistry& registry, Limits limits) : registry_(registry), limits_(std::move(limits)) {}

    // tools/list's "tools", in a fixed order.
    Json list() const;
    bool exists(const std::string& name) const;
    // Runs a listed tool; `cancelled` stops a publish before anything is sent.
    ToolResult call(const std::string& name, const Json& arguments, const std::atomic<bool>& cancelled);

private:
    ToolResult list_platforms();
    ToolResult auth_status(const Json& arguments);
    ToolResult post(const Json& arguments, bool send, const std::atomic<bool>& cancelled);
    ToolResult delete_post(const Json& arguments);
    std::string refused_target(const std::vector<std::string>& targets) const;

    plugins::PluginRegistry& registry_;
    Limits limits_;
    std::set<std::string> keys_published_;  // this session's, for --max-posts
};

}  // namespace agoras::host::commands::mcp
