// The Threads plugin: its declarations (which the host turns into the command line, its help, `agoras
// utils media-limits` and `unattended-format`); each action names the function that runs it.
#include "actions.hpp"
#include "endpoints.hpp"
#include "post.hpp"
#include "session.hpp"
#include "validation.hpp"

namespace {
using namespace agoras::sdk;
using namespace agoras::threads;
using agoras::Json;

Action with_credentials(Action action) {
    return action
        .option(Option::string("app-id").env("THREADS_APP_ID").help("Threads app ID (default: from the vault)"))
        .option(Option::string("app-secret").env("THREADS_APP_SECRET").secret().help("Threads app secret"))
        .option(Option::string("threads-refresh-token")
                    .env("THREADS_REFRESH_TOKEN")
                    .secret()
                    .help("long-lived Threads token (default: from the vault)"))
        .option(Option::string("threads-user-id").env("THREADS_USER_ID").help("Threads user id (default: from /me)"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Action with_images(Action action) {
    return action
        .option(Option::list("image")
                    .numbered(static_cast<std::uint32_t>(kMaxImages))
                    .help("URL of an image; 2 or more make a carousel"))
        .option(Option::list("alt-text").numbered(static_cast<std::uint32_t>(kMaxImages)).help("alt text of the image "
                                                                                               "in the same position"));
}

Option reply_control() {
    return Option::string("reply-control")
        .env("THREADS_WHO_CAN_REPLY")
        .default_value("everyone")
        .choices({"everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only", "followers_only"})
        .help("who may reply: everyone, accounts_you_follow, mentioned_only, parent_post_author_only, followers_only");
}

Option post_id(const std::string& help) { return Option::string("post-id").required().env("THREADS_POST_ID").help(help); }

// The post first, then the credentials it needs (without the network).
Json validate(const Invocation& call, const Post& post) {
    const Json adapted = agoras::threads::validate_post(post);
    agoras::threads::require_credentials(call);
    return adapted;
}

PluginSpec threads_spec() {
    Platform threads("threads", "Threads (Meta). Run \"agoras threads authorize\" before any other action.");
    threads.action(Action("authorize", "Authorize a Threads account (OAuth 2.0) and store its token in the vault").runs(&agoras::threads::run_authorize)
                       .option(Option::string("app-id").required().env("THREADS_APP_ID").help("Threads app ID"))
                       .option(Option::string("app-secret").required().env("THREADS_APP_SECRET").secret().help(
                           "Threads app secret (asked for on a terminal when missing)"))
                       .option(Option::string("scopes").default_value(kDefaultScopes).help("comma-separated permissions"))
                       .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                       .option(Option::flag("no-browser").help("print the URL and read the redirect URL from stdin"))
                       .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    threads.action(with_credentials(with_images(
        Action("post", "Publish a text, image or carousel post").runs(&agoras::threads::run_post)
            .option(Option::string("text").text().env("STATUS_TEXT").help("post text"))
            .option(Option::string("link").env("STATUS_LINK").help("URL appended to the text"))
            .option(reply_control()))));
    threads.action(with_credentials(
        Action("video", "Publish a video post (Threads fetches the video from its URL)").runs(&agoras::threads::run_video)
            .option(Option::string("video-url").required().env("THREADS_VIDEO_URL").help("public URL of an MP4/MOV video"))
            .option(Option::string("video-title").env("THREADS_VIDEO_TITLE").help("post text, when --text is absent"))
            .option(Option::string("text").text().env("STATUS_TEXT").help("post text"))
            .option(Option::string("alt-text").help("alt text of the video"))
            .option(reply_control())));
    threads.action(with_credentials(Action("share", "Repost a Threads post").runs(&agoras::threads::run_share).option(post_id("id of the post to repost"))));
    threads.action(with_credentials(Action("delete", "Delete one of your Threads posts").runs(&agoras::threads::run_delete).option(post_id("id of the post to delete"))));
    threads.action(with_credentials(with_images(Action("reply", "Reply to a Threads post").runs(&agoras::threads::run_reply)
                                                    .option(post_id("id of the post to reply to"))
                                                    .option(Option::string("text").text().help("reply text"))
                                                    .option(Option::string("link").help("URL appended to the text"))
                                                    .option(reply_control()))));
    threads.action(with_credentials(Action("insights", "Show metrics of a post, or of the account without --post-id").runs(&agoras::threads::run_insights)
                                        .option(Option::string("post-id").help("post whose metrics to show"))
                                        .option(Option::integer("since").help("account metrics from this Unix time"))
                                        .option(Option::integer("until").help("account metrics up to this Unix time"))));
    threads.action(with_credentials(Action("quota", "Show the publishing quota: posts, replies, deletes per 24 h").runs(&agoras::threads::run_quota)));
    threads.action(with_credentials(Action("whoami", "Show the authorized account").runs(&agoras::threads::run_whoami)));
    threads.posts_with({&validate, &agoras::threads::publish_post, &agoras::threads::reconcile_post});
    return PluginSpec("threads", "Threads", AGORAS_THREADS_VERSION, "Publish to Threads (Meta) through its Graph API")
        .platform(threads)
        .publishes(threads_capabilities())
        .setting(kGraphUrl)
        .setting(kAuthorizeUrl)
        .setting(kStatusImageUrls[0])
        .setting(kStatusImageUrls[1])
        .setting(kStatusImageUrls[2])
        .setting(kStatusImageUrls[3])
        .credentials("threads", "Threads - OAuth 2.0",
                     {{"app_id", "THREADS_APP_ID"},
                      {"app_secret", "THREADS_APP_SECRET"},
                      {"refresh_token", "THREADS_REFRESH_TOKEN"},
                      {"user_id", "THREADS_USER_ID"}},
                     {"app_secret", "refresh_token"});
}

}  // namespace

AGORAS_PLUGIN(threads_spec, Plugin)
