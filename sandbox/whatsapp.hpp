// The sandbox's WhatsApp module at /whatsapp: the Cloud API's messages and media endpoints (Graph
// v23.0 or newer) for one business number, as strict as Meta's documentation: a System User token,
// strict message bodies, the 24-hour customer-service window per recipient, approved templates by name
// and language with the right number of parameters, media uploads checked against their type, WhatsApp's
// error codes in Graph envelopes, rate limits, and the statuses a webhook would receive. See docs/sandbox.md.
#pragma once

#include "controls.hpp"
#include "module.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agoras::sandbox {

class WhatsAppModule final : public Module {
public:
    static constexpr const char* kPrefix = "/whatsapp";
    static constexpr const char* kToken = "sandbox-whatsapp-system-user-token";
    static constexpr const char* kPhoneNumberId = "106540352242922";

    WhatsAppModule();
    const char* name() const override { return "whatsapp"; }
    bool owns(const Request& r) const override {
        return r.path.rfind(std::string(kPrefix) + "/", 0) == 0 || r.path.rfind("/_sandbox/whatsapp/", 0) == 0;
    }
    Response handle(const Request& request) override;

private:
    struct Message {
        std::string to, type, body, status;  // status: what the webhook says (sent, failed)
        int error_code = 0;
        std::int64_t at = 0;
    };
    Response route(const Request& r, const std::string& rest);
    Response send(const Request& r);
    Response upload(const Request& r);
    Json state() const;
    std::int64_t now_s() const;

    std::mutex mutex_;
    std::map<std::string, std::string> media_;          // id -> MIME type
    std::map<std::string, std::int64_t> last_wrote_;    // recipient -> when they last wrote to the business
    std::vector<std::pair<std::string, Message>> messages_;  // wamid -> message, in order
    std::int64_t clock_offset_s_ = 0;
    int rate_limit_next_ = 0, drop_answer_next_ = 0, pair_limit_ = 5, calls_ = 0, next_media_ = 1;
    bool window_async_ = false, token_revoked_ = false;
    Controls controls_{"/_sandbox/whatsapp/"};
};

}  // namespace agoras::sandbox
