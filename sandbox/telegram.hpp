// The sandbox's Telegram module: the Bot API methods agoras uses (/bot<token>/<method>), as strict as
// the Bot API documentation: parameters from the query, a form, JSON or multipart; text and caption
// limits counted as Telegram counts them; albums of 2 to 10; a deletion window of 48 hours; a group that
// became a supergroup; switches to misbehave. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

class TelegramModule final : public Module {
public:
    static constexpr const char* kToken = "123456789:SANDBOX-telegram-bot-token";
    static constexpr const char* kChannel = "-1001234567890";   // a channel, public as @sandbox_channel
    static constexpr const char* kMigrated = "-4000000000";     // a group that became a supergroup
    static constexpr const char* kNotMember = "-1009999999999"; // a channel the bot is not in

    TelegramModule();
    const char* name() const override { return "telegram"; }
    bool owns(const Request& r) const override {
        return r.path.rfind("/bot", 0) == 0 || r.path.rfind("/_sandbox/telegram/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Message {
        std::string chat_id, kind, text, media_group_id;
        std::vector<std::string> files;  // per photo or video: "upload:<type>:<bytes>" or "url:<url>"
        std::int64_t sent_at = 0;
        bool deleted = false;
    };
    Response method(const std::string& name, const Request& r, std::map<std::string, std::string>& params,
                    const std::map<std::string, std::string>& uploads);
    Json state() const;
    std::int64_t now_s() const;

    std::mutex mutex_;
    std::map<std::int64_t, Message> messages_;
    std::int64_t next_message_id_ = 100;
    std::int64_t clock_offset_s_ = 0;
    int rate_limit_next_ = 0, server_error_next_ = 0, latency_ms_ = 0, calls_ = 0;
    Controls controls_{"/_sandbox/telegram/"};
};

}  // namespace agoras::sandbox
