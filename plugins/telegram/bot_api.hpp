// Calls to the Telegram Bot API (https://api.telegram.org/bot<token>/<method>) through the host's HTTP
// service. The token is part of every URL, so it is registered as a secret before any request (log
// lines and error messages show [REDACTED]) and --dry-run prints the URL with it replaced. Answers are
// {"ok":true,"result":…} or {"ok":false,"error_code","description","parameters"}: a 429's retry_after
// is handed to the host's retry, a migrated group names its new chat id, 401/403 exit 3.
#pragma once

#include <agoras/json.hpp>
#include <agoras/sdk/declarations.hpp>
#include <agoras/sdk/host.hpp>
#include <agoras/sdk/multipart.hpp>
#include <agoras/sdk/url.hpp>

#include <string>

namespace agoras::telegram {

inline constexpr sdk::Setting kApiUrl{"AGORAS_TELEGRAM_API_URL", "base URL of the Bot API (the sandbox, say)",
                                      "https://api.telegram.org"};

class BotApi {
public:
    // `base_url` empty: $AGORAS_TELEGRAM_API_URL, else https://api.telegram.org.
    BotApi(const sdk::Host& host, std::string token, bool dry_run, std::string base_url = {});

    bool dry_run() const { return dry_run_; }
    // A method with form parameters; returns its "result".
    Json call(const std::string& method, const sdk::Params& form, const std::string& doing);
    // A method with a multipart body (file uploads); `shown` describes it for --dry-run.
    Json call(const std::string& method, const sdk::Multipart& body, const sdk::Params& shown, const std::string& doing);

private:
    Json send(sdk::HttpRequest request, const std::string& method, const std::string& shown_body, const std::string& doing);

    sdk::Host host_;
    std::string token_;
    bool dry_run_;
    std::string base_;
    int dry_run_counter_ = 0;
};

}  // namespace agoras::telegram
