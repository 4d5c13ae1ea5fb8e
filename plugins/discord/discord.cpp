#include "discord.hpp"

#include "discord_api.hpp"

#include <media.hpp>
#include <text.hpp>

#include <algorithm>

namespace agoras::discord {
namespace {

[[noreturn]] void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Discord: " + message); }

std::string content_of(const sdk::Post& post) {
    if (!post.link) return post.text;
    return post.text.empty() ? *post.link : post.text + "\n" + *post.link;
}

// The bot's channel: a text or announcement channel named `channel` on the server named `server`.
Target resolve_channel(DiscordApi& api, const std::string& token, const std::string& server, const std::string& channel) {
    Target t;
    t.bot_token = token;
    if (api.dry_run()) {
        t.guild_id = "GUILD_ID";
        t.channel_id = "CHANNEL_ID";
        return t;
    }
    const Json guilds = api.bot_get(token, "/users/@me/guilds", "listing the bot's servers");
    for (const auto& guild : guilds.items()) {
        if (guild["name"].text() == server) t.guild_id = guild["id"].text();
    }
    if (t.guild_id.empty()) {
        throw sdk::Error(AGORAS_ERR_GENERIC, "Discord: the bot is on no server named '" + server + "' (invite it first)");
    }
    const Json channels = api.bot_get(token, "/guilds/" + t.guild_id + "/channels", "listing the server's channels");
    for (const auto& c : channels.items()) {
        const auto type = c["type"].integer(-1);
        if (c["name"].text() == channel && (type == 0 || type == 5)) t.channel_id = c["id"].text();
    }
    if (t.channel_id.empty()) {
        throw sdk::Error(AGORAS_ERR_GENERIC, "Discord: '" + server + "' has no text channel named '" + channel + "'");
    }
    return t;
}

bool names_bot_channel(const sdk::Invocation& call) {
    return !call.get_or("bot-token", "").empty() && !call.get_or("server-name", "").empty() &&
           !call.get_or("channel-name", "").empty();
}

// The vault's default channel (a --bot-token given replaces its token); nullopt when it holds none.
std::optional<Target> stored_target(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    const std::string identifier = host.vault_default();
    const auto stored = identifier.empty() ? std::nullopt : host.vault_get(identifier);
    if (!stored) return std::nullopt;
    const Json record = Json::parse(*stored);
    Target t;
    t.webhook_url = record["webhook_url"].text();
    t.bot_token = call.get_or("bot-token", record["bot_token"].text());
    t.channel_id = record["channel_id"].text();
    t.guild_id = record["guild_id"].text();
    if (t.is_webhook() || (!t.bot_token.empty() && !t.channel_id.empty())) return t;
    return std::nullopt;
}

[[noreturn]] void not_authorized() {
    throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: give --webhook-url (DISCORD_WEBHOOK_URL), or --bot-token with "
                                      "--server-name and --channel-name (DISCORD_BOT_TOKEN, DISCORD_SERVER_NAME, "
                                      "DISCORD_CHANNEL_NAME), or run 'agoras discord authorize' first");
}

// --webhook-url, else --bot-token with --server-name and --channel-name, else the vault's default.
Target target_of(const sdk::Invocation& call, DiscordApi& api) {
    Target t;
    t.webhook_url = call.get_or("webhook-url", "");
    if (!t.webhook_url.empty()) return t;
    if (names_bot_channel(call)) {
        return resolve_channel(api, call.get_or("bot-token", ""), call.get_or("server-name", ""), call.get_or("channel-name", ""));
    }
    if (auto stored = stored_target(call)) return *stored;
    if (api.dry_run()) return Target{"", "BOT_TOKEN", "CHANNEL_ID", ""};
    not_authorized();
}

// The message's files, on disk: a URL is downloaded into a temporary file kept in `held` until the
// message is sent. A dry run of a URL fetches nothing.
std::vector<DiscordApi::File> files_of(const sdk::Host& host, const sdk::Post& post, bool dry_run,
                                       std::vector<media::LocalMedia>& held) {
    std::vector<DiscordApi::File> files;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        const sdk::Media& m = post.media[i];
        const std::string what = (m.kind == AGORAS_MEDIA_VIDEO ? "video " : "file ") + std::to_string(i + 1);
        std::string name = m.source.substr(m.source.find_last_of('/') + 1);
        name = name.substr(0, name.find_first_of("?#"));
        if (name.empty() || name.find_first_of("\"\\\r\n") != std::string::npos) name = "file" + std::to_string(i + 1);
        DiscordApi::File file{name, "", "", m.alt_text};
        if (!dry_run || !media::is_url(m.source)) {
            const media::LocalMedia& local = held.emplace_back(host, m.source, kMaxUploadBytes, what);
            file.path = local.path();
            file.mime_type = local.mime_type();
            total += local.size();
        }
        if (total > kMaxUploadBytes) refuse("the files come to more than 10 MiB, the most one message may carry");
        files.push_back(std::move(file));
    }
    return files;
}

std::string message_url(const Target& t, const Json& message) {
    const std::string guild = t.guild_id.empty() ? message["guild_id"].text() : t.guild_id;
    if (guild.empty()) return "";
    return "https://discord.com/channels/" + guild + "/" + message["channel_id"].text() + "/" + message["id"].text();
}

}  // namespace

sdk::Capabilities discord_capabilities() {
    return sdk::Capabilities("discord")
        .text(static_cast<std::uint32_t>(kMaxContent), AGORAS_COUNT_CODE_POINTS)
        .max_media(kMaxFiles)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png", "image/gif", "image/webp"})
                   .max_bytes(kMaxUploadBytes)
                   .per_post(kMaxFiles)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4", "video/webm", "video/quicktime"})
                   .max_bytes(kMaxUploadBytes)
                   .per_post(kMaxFiles)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .mixed_media();
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    const std::string content = content_of(post);
    const std::size_t length = text::count_code_points(content);
    if (length > kMaxContent) {
        refuse("the text is " + std::to_string(length) + " characters long; Discord allows " + std::to_string(kMaxContent));
    }
    if (post.media.size() > kMaxFiles) refuse(std::to_string(post.media.size()) + " files; a message carries at most 10");
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        if (post.media[i].source.empty()) refuse("file " + std::to_string(i + 1) + " has no source");
        if (!media::is_url(post.media[i].source)) total += media::file_size(post.media[i].source, "file " + std::to_string(i + 1));
    }
    if (total > kMaxUploadBytes) refuse("the files come to more than 10 MiB, the most one message may carry");
    if (content.empty() && post.media.empty()) refuse("nothing to send: give a text or a file");
    // A channel to send to, so that `post --to` stops before anything is sent anywhere.
    const bool named = !call.get_or("webhook-url", "").empty() || names_bot_channel(call);
    if (!call.flag("dry-run") && !named && !stored_target(call)) not_authorized();
    return Json::object().set("content", content).set("files", post.media.size());
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const std::string content = validate_post(call, post)["content"].text();
    DiscordApi api(call.host(), call.flag("dry-run"));
    const Target target = target_of(call, api);
    std::vector<media::LocalMedia> downloads;
    const Json message = api.create_message(target, content, files_of(call.host(), post, api.dry_run(), downloads));
    if (api.dry_run()) return;
    // Snowflakes: digits only, and checked before they become a result or a URL.
    sdk::checked_server_id(message["id"].text(), "a message id", "Discord", "");
    sdk::checked_server_id(message["channel_id"].text(), "a channel id", "Discord", "");
    Json out = Json::object().set("id", message["id"].text()).set("channel_id", message["channel_id"].text());
    const std::string url = message_url(target, message);
    if (!url.empty()) out.set("url", url);
    call.host().emit(out);
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    DiscordApi api(host, call.flag("dry-run"));
    Json record = Json::object(), out = Json::object();
    std::string identifier;
    if (const auto url = call.get("webhook-url")) {
        const Json hook = api.webhook_get(*url, "checking the webhook");
        record.set("webhook_url", *url).set("channel_id", hook["channel_id"].text()).set("guild_id", hook["guild_id"].text());
        identifier = "webhook:" + webhook_id(*url);
        out.set("id", hook["channel_id"].text()).set("kind", "webhook").set("name", hook["name"].text());
    } else {
        const std::string token = call.get_or("bot-token", ""), server = call.get_or("server-name", ""),
                          channel = call.get_or("channel-name", "");
        if (token.empty() || server.empty() || channel.empty()) {
            throw sdk::Error(AGORAS_ERR_USAGE, "give --webhook-url, or --bot-token with --server-name and --channel-name");
        }
        const Json me = api.bot_get(token, "/users/@me", "checking the bot token");
        const Target t = resolve_channel(api, token, server, channel);
        record.set("bot_token", token).set("server_name", server).set("channel_name", channel)
            .set("guild_id", t.guild_id).set("channel_id", t.channel_id);
        identifier = "channel:" + t.channel_id;
        out.set("id", t.channel_id).set("kind", "bot").set("name", me["username"].text());
    }
    if (api.dry_run()) return;
    host.vault_put(identifier, record.serialize());
    host.vault_set_default(identifier);
    host.emit(out.set("authorized", true));
}

void run_post(const sdk::Invocation& call) { publish_post(call, sdk::post_from_options(call)); }

void run_video(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("video-title", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", ""});
    publish_post(call, post);
}

void run_delete(const sdk::Invocation& call) {
    DiscordApi api(call.host(), call.flag("dry-run"));
    const Target target = target_of(call, api);
    const std::string id = call.require("post-id");
    api.delete_message(target, id);
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", id).set("deleted", true));
}

void run_whoami(const sdk::Invocation& call) {
    DiscordApi api(call.host(), call.flag("dry-run"));
    const Target target = target_of(call, api);
    if (target.is_webhook()) {
        const Json hook = api.webhook_get(target.webhook_url, "reading the webhook");
        if (api.dry_run()) return;
        call.host().emit(Json::object().set("id", hook["id"].text()).set("kind", "webhook").set("name", hook["name"].text())
                             .set("channel_id", hook["channel_id"].text()));
        return;
    }
    const Json me = api.bot_get(target.bot_token, "/users/@me", "reading the bot");
    if (api.dry_run()) return;
    call.host().emit(Json::object().set("id", me["id"].text()).set("kind", "bot").set("name", me["username"].text())
                         .set("channel_id", target.channel_id));
}

}  // namespace agoras::discord
