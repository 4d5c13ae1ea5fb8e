// Calls to the WhatsApp Business Cloud API (Meta's Graph, /v23.0/...) through the host's HTTP service:
// the token as a Bearer header, JSON message bodies, multipart media uploads; Graph error envelopes
// mapped by WhatsApp's own codes (190: authorize again; 131047: the 24-hour window is closed, send a
// template; 130429, 131048, 131056, 80007: rate limits; others: Meta's words), and --dry-run printing each
// request instead of sending it.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/multipart.hpp>

#include <optional>
#include <string>

namespace agoras::whatsapp {

inline constexpr sdk::Setting kApiUrl{"AGORAS_WHATSAPP_API_URL", "base URL of the WhatsApp Cloud API (Meta's Graph; the sandbox, say)",
                                      "https://graph.facebook.com"};
// The Graph version in every path (v23.0, the original's, or newer).
inline constexpr const char* kGraphVersion = "v23.0";

// A usage error about what WhatsApp cannot take, named so.
[[noreturn]] void refuse(const std::string& message);

class WhatsAppApi {
public:
    WhatsAppApi(const sdk::Host& host, std::string token, bool dry_run);

    bool dry_run() const { return dry_run_; }
    const sdk::Host& host() const { return host_; }

    // GET /{version}/{id}?fields=…
    Json get(const std::string& id, const std::string& fields, const std::string& doing);
    // POST /{version}/{phone-number-id}/messages. Never repeated: a second send is a second message.
    Json send_message(const std::string& phone_number_id, const Json& message, const std::string& doing);
    // POST /{version}/{phone-number-id}/media (multipart): the media id.
    std::string upload(const std::string& phone_number_id, const sdk::Multipart& body, const std::string& shown, const std::string& doing);

private:
    // `uncertain_5xx`: a 5xx answer to a message may come after it went out: an unknown outcome (NETWORK).
    Json send(sdk::HttpRequest request, const std::string& shown_body, const std::string& doing, bool uncertain_5xx = false);

    sdk::Host host_;
    std::string token_, base_;
    bool dry_run_;
    int dry_run_counter_ = 0;
};

// The sdk::Error for a Graph error answer from WhatsApp, naming `doing`.
sdk::Error whatsapp_error(int status, const std::string& body, const std::string& doing);

}  // namespace agoras::whatsapp
