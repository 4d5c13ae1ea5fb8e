// The sandbox's Discord module: an incoming webhook (/api/webhooks/<id>/<token>, also under /api/v10/)
// and the bot REST endpoints agoras uses (/api/v10/...), as strict as Discord's documentation: content
// of at most 2000 characters, at most 10 attachments that payload_json must describe, 10 MiB per
// message, text channels only, nonces that deduplicate, the bot User-Agent, rate limits with
// retry_after, and switches to misbehave. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"
#include "util.hpp"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

class DiscordModule final : public Module {
public:
    static constexpr const char* kWebhookId = "111111111111111111";
    static constexpr const char* kWebhookToken = "SANDBOX-webhook-token-0123456789abcdefghijklmnop";
    static constexpr const char* kBotToken = "SANDBOX.bot-token.0123456789abcdefghij";
    static constexpr const char* kGuildId = "333333333333333333";
    static constexpr const char* kChannelId = "222222222222222222";  // #announcements, the webhook's channel

    DiscordModule();
    const char* name() const override { return "discord"; }
    bool owns(const Request& r) const override {
        // On the sandbox's main origin: its localhost origin is for the services whose clients need a root.
        return (r.path.rfind("/api/", 0) == 0 && !for_localhost(r)) || r.path.rfind("/_sandbox/discord/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Attachment {
        std::string filename, content_type, description;
        std::size_t size = 0;
    };
    struct Message {
        std::string channel_id, via, content, nonce;
        std::vector<Attachment> attachments;
        bool deleted = false;
    };
    Response create_message(const Request& r, const std::string& channel_id, const std::string& via);
    Response delete_message(const std::string& channel_id, const std::string& message_id, const std::string& via);
    Json state() const;

    std::mutex mutex_;
    std::map<std::string, Message> messages_;
    std::uint64_t next_id_ = 900000000000000001ULL;
    int rate_limit_next_ = 0, global_rate_limit_next_ = 0, server_error_next_ = 0, calls_ = 0;
    Controls controls_{"/_sandbox/discord/"};
};

}  // namespace agoras::sandbox
