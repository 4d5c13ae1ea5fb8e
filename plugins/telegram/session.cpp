#include "session.hpp"

#include "bot_api.hpp"
#include "telegram.hpp"

namespace agoras::telegram {

[[noreturn]] void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Telegram: " + message); }

std::string identifier_of(const std::string& chat_id) { return chat_id.rfind('-', 0) == 0 ? "chat" + chat_id : chat_id; }

Account account_of(const sdk::Invocation& call) {
    Account a{call.get_or("bot-token", ""), call.get_or("chat-id", ""), ""};
    if (!a.token.empty() && !a.chat_id.empty()) return a;
    const sdk::Host& host = call.host();
    const std::string identifier = a.chat_id.empty() ? host.vault_default() : identifier_of(a.chat_id);
    if (!identifier.empty()) {
        if (const auto stored = host.vault_get(identifier)) {
            const Json record = Json::parse(*stored);
            if (a.token.empty()) a.token = record["bot_token"].text();
            a.chat_id = record["chat_id"].text();
            a.chat_username = record["chat_username"].text();
        }
    }
    if (a.token.empty() || a.chat_id.empty()) {
        if (call.flag("dry-run")) return {a.token.empty() ? "BOT_TOKEN" : a.token, a.chat_id.empty() ? "CHAT_ID" : a.chat_id, ""};
        throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: give --bot-token and --chat-id (TELEGRAM_BOT_TOKEN, "
                                          "TELEGRAM_CHAT_ID), or run 'agoras telegram authorize' first");
    }
    return a;
}

std::string message_url(const Account& a, const std::string& message_id) {
    if (!a.chat_username.empty()) return "https://t.me/" + a.chat_username + "/" + message_id;
    if (a.chat_id.rfind('@', 0) == 0) return "https://t.me/" + a.chat_id.substr(1) + "/" + message_id;
    if (a.chat_id.rfind("-100", 0) == 0) return "https://t.me/c/" + a.chat_id.substr(4) + "/" + message_id;
    return "";
}

void run_authorize(const sdk::Invocation& call) {
    const std::string token = call.require("bot-token"), chat_id = call.require("chat-id");
    BotApi api(call.host(), token, call.flag("dry-run"));
    const Json me = api.call("getMe", {}, "checking the bot token");
    const Json chat = api.call("getChat", {{"chat_id", chat_id}}, "checking the chat");
    if (api.dry_run()) return;
    // A chat given as @username is stored by its numeric id (what the API returns), which never changes.
    const std::string id = chat["id"].text().empty() ? chat_id : chat["id"].text();
    Json record = Json::object()
                      .set("bot_token", token)
                      .set("chat_id", id)
                      .set("bot_username", me["username"].text())
                      .set("chat_title", chat["title"].text().empty() ? chat["first_name"].text() : chat["title"].text());
    if (!chat["username"].text().empty()) record.set("chat_username", chat["username"].text());
    call.host().vault_put(identifier_of(id), record.serialize());
    call.host().vault_set_default(identifier_of(id));
    call.host().emit(Json::object()
                         .set("id", id)
                         .set("bot", me["username"].text())
                         .set("chat", record["chat_title"].text())
                         .set("chat_type", chat["type"].text())
                         .set("authorized", true));
}

}  // namespace agoras::telegram
