// The Telegram plugin: a bot posting to one chat through the Bot API (its declarations; each action names
// the function that runs it).
#include "bot_api.hpp"
#include "telegram.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

Action with_chat(Action action) {
    return action.option(Option::string("bot-token").env("TELEGRAM_BOT_TOKEN").secret().help("the bot's token (default: from the vault)"))
        .option(Option::string("chat-id").env("TELEGRAM_CHAT_ID").help("chat id or @channel (default: the vault's default chat)"))
        .option(Option::string("parse-mode").env("TELEGRAM_PARSE_MODE").default_value("HTML").choices({"HTML", "MarkdownV2", "Markdown", "none"}).help(
            "text markup: HTML, MarkdownV2, Markdown or none"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

PluginSpec telegram_spec() {
    Platform telegram("telegram", "Telegram (Bot API): a bot posting to a chat, group or channel.");
    using namespace agoras::telegram;
    telegram.action(Action("authorize", "Check a bot token and a chat, and store them in the vault")
                        .runs(&run_authorize)
                        .option(Option::string("bot-token").required().env("TELEGRAM_BOT_TOKEN").secret().help(
                            "the token @BotFather gave (asked for on a terminal when missing)"))
                        .option(Option::string("chat-id").required().env("TELEGRAM_CHAT_ID").help(
                            "chat id (-100… for groups and channels) or @channel"))
                        .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    telegram.action(with_chat(Action("post", "Send a message: text, a photo, or an album of 2 to 10 photos")
                                  .runs(&run_post)
                                  .option(Option::string("text").text().env("STATUS_TEXT").help(
                                      "message text (4096 characters; 1024 as a caption)"))
                                  .option(Option::string("link").env("STATUS_LINK").help("URL added on a line of its own"))
                                  .option(Option::list("image").numbered(10).help("image file or URL (Telegram fetches URLs)"))));
    telegram.action(with_chat(Action("video", "Send a video (MP4, at most 50 MB)")
                                  .runs(&run_video)
                                  .option(Option::string("video-url").required().env("VIDEO_URL").help("MP4 file or URL"))
                                  .option(Option::string("video-title").env("VIDEO_TITLE").help("caption"))));
    telegram.action(with_chat(Action("delete", "Delete a message the bot sent (within 48 hours)")
                                  .runs(&run_delete)
                                  .option(Option::string("post-id").required().env("TELEGRAM_MESSAGE_ID").help("message id"))));
    telegram.action(with_chat(Action("whoami", "Show the bot and the chat it posts to").runs(&run_whoami)));
    telegram.posts_with({&validate_post, &publish_post});
    return PluginSpec("telegram", "Telegram", AGORAS_TELEGRAM_VERSION, "Send to Telegram chats through the Bot API")
        .platform(telegram)
        .publishes(agoras::telegram::telegram_capabilities())
        .setting(agoras::telegram::kApiUrl)
        .credentials("telegram", "Telegram - bot", {{"bot_token", "TELEGRAM_BOT_TOKEN"}, {"chat_id", "TELEGRAM_CHAT_ID"}},
                     {"bot_token"});
}

}  // namespace

AGORAS_PLUGIN(telegram_spec, Plugin)
