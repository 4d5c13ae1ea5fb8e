// agoras-sandbox: one local server for every platform module (docs/sandbox.md), for tests and for
// rehearsing scripts without touching the real services.
#include "server.hpp"
#include "bluesky.hpp"
#include "discord.hpp"
#include "facebook.hpp"
#include "google.hpp"
#include "mastodon.hpp"
#include "telegram.hpp"
#include "threads.hpp"
#include "web.hpp"

#include <iostream>

namespace {

constexpr const char* kHelp =
    "Usage: agoras-sandbox [--port N] [--app-id ID] [--app-secret SECRET]\n\n"
    "Serves in-memory stand-ins for the platforms agoras publishes to on http://127.0.0.1:N (a free port\n"
    "when N is not given) until SIGINT or SIGTERM, and prints one JSON line with its URL on stdout.\n\n"
    "Modules:\n"
    "  threads   Meta's Threads API and OAuth pages, at the root (controls: /_sandbox/faults, /_sandbox/clock,\n"
    "            /_sandbox/state); --app-id and --app-secret are the app it accepts (user @sandbox_user), and\n"
    "            app 1234567891 with secret sandbox-app-secret-2 that of a second user, @sandbox_user_2\n"
    "  bluesky   an AT Protocol entryway at /xrpc/ and PDS at /bsky-pds/xrpc/ (controls:\n"
    "            /_sandbox/bluesky/faults, /_sandbox/bluesky/clock, /_sandbox/bluesky/state); account\n"
    "            alice.sandbox.test with app password abcd-efgh-ijkl-mnop, and bob.sandbox.test\n"
    "  facebook  Facebook Login and a Page's Graph API at /facebook (app 987654321, secret sandbox-facebook-secret;\n"
    "            controls: /_sandbox/facebook/faults, /state)\n"
    "  google    a service-account token endpoint at /google/token and Sheets v4 values at /google/sheets\n"
    "            (controls: /_sandbox/google/account, /sheet, /state)\n"
    "  mastodon  an instance at /mastodon (controls: /_sandbox/mastodon/faults, /state); the account @alice\n"
    "  telegram  the Bot API at /bot<token>/<method> (controls: /_sandbox/telegram/faults, /clock, /state); bot\n"
    "            token 123456789:SANDBOX-telegram-bot-token, chats -1001234567890 (@sandbox_channel) and 4242\n"
    "  discord   a webhook at /api/webhooks/111111111111111111/SANDBOX-webhook-token-0123456789abcdefghijklmnop\n"
    "            and the bot API at /api/v10 (bot token SANDBOX.bot-token.0123456789abcdefghij, server\n"
    "            \"Sandbox Server\", channel \"announcements\"; controls: /_sandbox/discord/faults, /state)\n"
    "  web       pages and files for link cards and images by URL: POST /_sandbox/web?path=/p&content_type=T\n"
    "            stores the body, GET /web/p serves it\n\n"
    "Options:\n"
    "  --port N          port to listen on\n"
    "  --app-id ID       Threads app id (default 1234567890)\n"
    "  --app-secret S    Threads app secret (default sandbox-app-secret)\n"
    "  -h, --help        show this help\n";

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    std::string app_id = "1234567890", app_secret = "sandbox-app-secret";
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "-h" || flag == "--help") {
            std::cout << kHelp;
            return 0;
        }
        if (i + 1 >= argc) {
            std::cerr << "agoras-sandbox: " << flag << " needs a value\n" << kHelp;
            return 2;
        }
        const std::string value = argv[++i];
        try {
            if (flag == "--port") port = std::stoi(value);
            else if (flag == "--app-id") app_id = value;
            else if (flag == "--app-secret") app_secret = value;
            else throw std::invalid_argument(flag);
        } catch (const std::exception&) {
            std::cerr << "agoras-sandbox: bad option " << flag << "\n" << kHelp;
            return 2;
        }
    }
    std::vector<std::unique_ptr<agoras::sandbox::Module>> modules;
    // Modules with a path prefix go first; the Threads module keeps the root.
    modules.push_back(std::make_unique<agoras::sandbox::BlueskyModule>());
    modules.push_back(std::make_unique<agoras::sandbox::DiscordModule>());
    modules.push_back(std::make_unique<agoras::sandbox::FacebookModule>());
    modules.push_back(std::make_unique<agoras::sandbox::GoogleModule>());
    modules.push_back(std::make_unique<agoras::sandbox::MastodonModule>());
    modules.push_back(std::make_unique<agoras::sandbox::TelegramModule>());
    modules.push_back(std::make_unique<agoras::sandbox::WebModule>());
    modules.push_back(std::make_unique<agoras::sandbox::ThreadsModule>(app_id, app_secret));
    const std::string banner = "\"app_id\":\"" + app_id + "\",\"app_secret\":\"" + app_secret + "\"";
    const std::string instructions = "point agoras at it with:\n"
                                     "  export AGORAS_THREADS_GRAPH_URL={url}\n"
                                     "  export AGORAS_THREADS_AUTHORIZE_URL={url}/oauth/authorize\n"
                                     "  THREADS_APP_SECRET=" + app_secret + " agoras threads authorize --app-id " +
                                     app_id + "\n"
                                     "  agoras bluesky authorize --service {url} --handle alice.sandbox.test "
                                     "--app-password abcd-efgh-ijkl-mnop\n";
    return agoras::sandbox::serve(std::move(modules), port, banner, instructions);
}
