// The X plugin (formerly Twitter; "twitter" still runs it, deprecated): OAuth 1.0a user tokens, posts
// with images, GIFs or a video, replies, reposts, likes, deletes (its declarations; each action names
// the function that runs it).
#include "api.hpp"
#include "x.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

Action with_account(Action action) {
    return action.option(Option::string("consumer-key").env("TWITTER_CONSUMER_KEY").help("the app's API key (default: the vault's account)"))
        .option(Option::string("consumer-secret").env("TWITTER_CONSUMER_SECRET").secret().help("the app's API key secret"))
        .option(Option::string("oauth-token").env("TWITTER_OAUTH_TOKEN").secret().help("the account's access token"))
        .option(Option::string("oauth-secret").env("TWITTER_OAUTH_SECRET").secret().help("the account's access token secret"))
        .option(Option::flag("dry-run").help("validate and print the requests, with what X would charge, instead of sending them"));
}

Action with_post(Action action) {
    return action.option(Option::string("text").text().env("STATUS_TEXT").help("post text (280 as X counts: URLs 23, CJK and emoji 2)"))
        .option(Option::string("link").env("STATUS_LINK").help("URL appended to the text (X bills a post with a URL at its URL price)"))
        .option(Option::list("image").numbered(4).help("image file or URL (at most 4; a GIF goes alone)"))
        .option(Option::list("alt-text").numbered(4).help("alt text of the image in the same position (at most 1000 characters)"));
}

Option post_id(const std::string& help) {
    return Option::string("post-id").required().env("TWEET_ID").help(help + ": a post id, or an x.com or twitter.com status URL");
}

PluginSpec x_spec() {
    Platform x("x", "X (formerly Twitter). Run \"agoras x authorize --consumer-key KEY\" first; X bills every write.");
    x.alias("twitter");
    x.action(Action("authorize", "Authorize an account (OAuth 1.0a) and store its token in the vault").runs(&agoras::x::run_authorize)
                 .option(Option::string("consumer-key").required().env("TWITTER_CONSUMER_KEY").help("the app's API key (Keys and tokens)"))
                 .option(Option::string("consumer-secret").required().env("TWITTER_CONSUMER_SECRET").secret().help("the app's API key secret"))
                 .option(Option::flag("no-browser").help("the PIN flow: print the authorize URL and read the PIN X shows from stdin"))
                 .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                 .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    x.action(with_account(with_post(Action("post", "Publish a post, with up to 4 images or one video").runs(&agoras::x::run_post)
                                         .option(Option::string("video").help("video file or URL (the post's only media)")))));
    x.action(with_account(with_post(Action("reply", "Reply to a post (X accepts replies only where the account was mentioned or quoted)")
                                         .runs(&agoras::x::run_reply)
                                         .option(post_id("the post to reply to")))));
    x.action(with_account(Action("video", "Publish a post with a video").runs(&agoras::x::run_video)
                              .option(Option::string("video-url").required().env("TWITTER_VIDEO_URL").help("video file or URL"))
                              .option(Option::string("video-title").text().env("TWITTER_VIDEO_TITLE").help("the post's text"))
                              .option(Option::string("alt-text").help("alt text of the video"))));
    x.action(with_account(Action("share", "Repost a post").runs(&agoras::x::run_share).option(post_id("the post to repost"))));
    x.action(with_account(Action("like", "Like a post (X offers likes only above the self-serve tiers)").runs(&agoras::x::run_like)
                              .option(post_id("the post to like"))));
    x.action(with_account(Action("delete", "Delete one of your posts").runs(&agoras::x::run_delete).option(post_id("the post to delete"))));
    x.action(with_account(Action("whoami", "Show the authorized account (a billed user read)").runs(&agoras::x::run_whoami)));
    x.posts_with({&agoras::x::validate_post, &agoras::x::publish_post, &agoras::x::reconcile_post});
    return PluginSpec("x", "X", AGORAS_X_VERSION, "Publish to X (formerly Twitter)")
        .platform(x)
        .publishes(agoras::x::x_capabilities())
        .setting(agoras::x::kApiUrl)
        .setting(agoras::x::kAuthorizeUrl)
        .credentials("x", "X - OAuth 1.0a",
                     {{"consumer_key", "TWITTER_CONSUMER_KEY"},
                      {"consumer_secret", "TWITTER_CONSUMER_SECRET"},
                      {"oauth_token", "TWITTER_OAUTH_TOKEN"},
                      {"oauth_token_secret", "TWITTER_OAUTH_SECRET"}},
                     {"consumer_secret", "oauth_token", "oauth_token_secret"});
}

}  // namespace

AGORAS_PLUGIN(x_spec, Plugin)
