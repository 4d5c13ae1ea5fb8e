// The Bluesky plugin: its declarations (which the host turns into the command line, its help, `agoras
// utils media-limits` and `unattended-format`); each action names the function that runs it.
#include "actions.hpp"
#include "post.hpp"
#include "session.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

constexpr const char* kAccountHelp = "the account's handle (default: the vault's default account)";

Action with_account(Action action) {
    return action.option(Option::string("handle").env("BLUESKY_HANDLE").help(kAccountHelp))
        .option(Option::string("app-password")
                    .env("BLUESKY_APP_PASSWORD")
                    .secret()
                    .help("app password, used only to log in when no session is stored or it has ended"))
        .option(Option::string("service")
                    .env("BLUESKY_SERVICE")
                    .help("server to log in to when no session is stored (default https://bsky.social)"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Action with_text(Action action) {
    return action.option(Option::string("text").text().env("STATUS_TEXT").help("post text: at most 300 characters"))
        .option(Option::string("language").help("language of the text (BCP 47, e.g. en or pt-BR)"));
}

Option post_id(const std::string& help) {
    return Option::string("post-id").required().help(help + ": an at:// URI or a bsky.app URL");
}

// The post first, then the login it needs (without the network).
Json validate(const Invocation& call, const Post& post) {
    const Json adapted = agoras::bluesky::validate_post(post);
    agoras::bluesky::require_login(call);
    return adapted;
}

Json reconcile(const Invocation& call, const Post&, const Json& checkpoint) {
    return agoras::bluesky::reconcile_post(call, checkpoint);
}

PluginSpec bluesky_spec() {
    Platform bluesky("bluesky", "Bluesky (AT Protocol). Run \"agoras bluesky authorize\" before any other action.");
    bluesky.action(Action("authorize", "Log in with an app password and keep the session in the vault").runs(&agoras::bluesky::run_authorize)
                       .option(Option::string("handle").required().env("BLUESKY_HANDLE").help(
                           "handle (alice.bsky.social) or e-mail address of the account"))
                       .option(Option::string("app-password").required().env("BLUESKY_APP_PASSWORD").secret().help(
                           "an app password (asked for on a terminal when missing)"))
                       .option(Option::string("service")
                                   .env("BLUESKY_SERVICE")
                                   .default_value("https://bsky.social")
                                   .help("the account's server"))
                       .option(Option::flag("forget-password").help(
                           "do not keep the app password (encrypted) in the vault; when the session ends, "
                           "authorize again"))
                       .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    bluesky.action(with_account(with_text(
        Action("post", "Publish a post: text, a link card or up to 4 images").runs(&agoras::bluesky::run_post)
            .option(Option::string("link").env("STATUS_LINK").help(
                "URL shown as a link card (appended to the text instead when images are given)"))
            .option(Option::list("image").numbered(4).help("image file or URL (JPEG or PNG; made to fit 2 MB)"))
            .option(Option::list("alt-text").numbered(4).help("alt text of the image in the same position")))));
    bluesky.action(with_account(with_text(
        Action("reply", "Reply to a post (in its thread)").runs(&agoras::bluesky::run_reply)
            .option(post_id("the post to reply to"))
            .option(Option::string("link").help("URL shown as a link card"))
            .option(Option::list("image").numbered(4).help("image file or URL"))
            .option(Option::list("alt-text").numbered(4).help("alt text of the image in the same position")))));
    bluesky.action(with_account(with_text(Action("video", "Publish a video post (MP4, at most 50 MB)").runs(&agoras::bluesky::run_video)
                                              .option(Option::string("video").required().help("MP4 file or URL"))
                                              .option(Option::string("alt-text").help("alt text of the video")))));
    bluesky.action(with_account(Action("share", "Repost a post").runs(&agoras::bluesky::run_share).option(post_id("the post to repost"))));
    bluesky.action(with_account(Action("like", "Like a post").runs(&agoras::bluesky::run_like).option(post_id("the post to like"))));
    bluesky.action(with_account(
        Action("delete", "Delete one of your posts, reposts or likes").runs(&agoras::bluesky::run_delete).option(post_id("the record to delete"))));
    bluesky.action(with_account(Action("whoami", "Show the authorized account").runs(&agoras::bluesky::run_whoami)));
    bluesky.posts_with({&validate, &agoras::bluesky::publish_post, &reconcile});
    return PluginSpec("bluesky", "Bluesky", AGORAS_BLUESKY_VERSION, "Publish to Bluesky through the AT Protocol")
        .platform(bluesky)
        .publishes(agoras::bluesky::bluesky_capabilities())
        .credentials("bluesky", "Bluesky - app password",
                     {{"handle", "BLUESKY_HANDLE"}, {"app_password", "BLUESKY_APP_PASSWORD"}, {"service", "BLUESKY_SERVICE"}},
                     {"app_password", "access_jwt", "refresh_jwt"});
}

}  // namespace

AGORAS_PLUGIN(bluesky_spec, Plugin)
