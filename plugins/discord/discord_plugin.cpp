// The Discord plugin: posting through an incoming webhook or a bot (its declarations; each action names
// the function that runs it).
#include "discord.hpp"
#include "discord_api.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

Action with_target(Action action) {
    return action
        .option(Option::string("webhook-url").env("DISCORD_WEBHOOK_URL").secret().help("the channel's incoming webhook URL"))
        .option(Option::string("bot-token").env("DISCORD_BOT_TOKEN").secret().help("a bot's token (instead of a webhook)"))
        .option(Option::string("server-name").env("DISCORD_SERVER_NAME").help("the bot's server, by name"))
        .option(Option::string("channel-name").env("DISCORD_CHANNEL_NAME").help("the text channel, by name"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

PluginSpec discord_spec() {
    Platform discord("discord", "Discord: a channel's incoming webhook, or a bot (no gateway connection).");
    discord.action(with_target(Action("authorize", "Check a webhook URL, or a bot and its channel, and store them in the vault").runs(&agoras::discord::run_authorize)));
    discord.action(with_target(Action("post", "Send a message with up to 10 images or files").runs(&agoras::discord::run_post)
                                   .option(Option::string("text").text().env("STATUS_TEXT").help("message content (2000 characters)"))
                                   .option(Option::string("link").env("STATUS_LINK").help("URL added on a line of its own"))
                                   .option(Option::list("image").numbered(10).help("image or file: a path or a URL (uploaded)"))
                                   .option(Option::list("alt-text").numbered(10).help("description of the file in the same position"))));
    discord.action(with_target(Action("video", "Send a video file (the message's files come to at most 10 MiB)").runs(&agoras::discord::run_video)
                                   .option(Option::string("video-url").required().env("DISCORD_VIDEO_URL").help("video file or URL"))
                                   .option(Option::string("video-title").env("DISCORD_VIDEO_TITLE").help("message content"))));
    discord.action(with_target(Action("delete", "Delete a message sent by the webhook or the bot").runs(&agoras::discord::run_delete)
                                   .option(Option::string("post-id").required().env("DISCORD_POST_ID").help("message id"))));
    discord.action(with_target(Action("whoami", "Show the webhook or the bot, and its channel").runs(&agoras::discord::run_whoami)));
    discord.posts_with({&agoras::discord::validate_post, &agoras::discord::publish_post});
    return PluginSpec("discord", "Discord", AGORAS_DISCORD_VERSION, "Send to Discord channels through webhooks or a bot")
        .platform(discord)
        .publishes(agoras::discord::discord_capabilities())
        .setting(agoras::discord::kApiUrl)
        .credentials("discord", "Discord - webhook or bot",
                     {{"webhook_url", "DISCORD_WEBHOOK_URL"}, {"bot_token", "DISCORD_BOT_TOKEN"},
                      {"server_name", "DISCORD_SERVER_NAME"}, {"channel_name", "DISCORD_CHANNEL_NAME"}},
                     {"webhook_url", "bot_token"});  // a webhook URL carries its token
}

}  // namespace

AGORAS_PLUGIN(discord_spec, Plugin)
