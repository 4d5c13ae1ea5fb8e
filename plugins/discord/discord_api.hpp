// Discord's REST API for posting, both ways agoras supports: an incoming webhook (its URL is the
// credential: the token is part of its path, so it is registered as a secret and --dry-run shows it as
// [REDACTED]) and a bot (Authorization: Bot <token>, the channel found by server and channel name over
// REST, no gateway). Errors {"message","code"} are mapped to exit codes; a 429's retry_after (or the
// global limit) is handed to the host's retry.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/post.hpp>

#include <string>
#include <vector>

namespace agoras::discord {

inline constexpr sdk::Setting kApiUrl{"AGORAS_DISCORD_API_URL", "base URL of Discord's bot API (the sandbox, say)",
                                      "https://discord.com/api/v10"};

struct Target {
    // A webhook...
    std::string webhook_url;  // https://discord.com/api/webhooks/<id>/<token>
    // ...or a bot posting to a channel.
    std::string bot_token, channel_id, guild_id;
    bool is_webhook() const { return !webhook_url.empty(); }
};

// The webhook's id, checking the URL's shape. Throws USAGE.
std::string webhook_id(const std::string& url);

class DiscordApi {
public:
    DiscordApi(const sdk::Host& host, bool dry_run);

    bool dry_run() const { return dry_run_; }
    std::string api_url() const { return base_; }

    // GET a bot endpoint (`path` under the API base) or the webhook itself.
    Json bot_get(const std::string& token, const std::string& path, const std::string& doing);
    Json webhook_get(const std::string& url, const std::string& doing);
    // Creates a message: `content` and files (paths already loaded into memory by the caller).
    struct File {
        std::string filename, mime_type;
        std::string path;  // sent from disk as the request goes out; "" in a dry run of a URL
        std::string description;
    };
    Json create_message(const Target& target, const std::string& content, const std::vector<File>& files);
    void delete_message(const Target& target, const std::string& message_id);

private:
    Json send(sdk::HttpRequest request, const std::string& shown_url, const std::string& doing);
    std::string shown(const std::string& url) const;

    sdk::Host host_;
    bool dry_run_;
    std::string base_;
    std::vector<std::string> secrets_;
    int dry_run_counter_ = 0;
};

}  // namespace agoras::discord
