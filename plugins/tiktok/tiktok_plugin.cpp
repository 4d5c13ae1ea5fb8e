// The TikTok plugin: videos (direct or to the drafts inbox) and photo posts through the Content Posting
// API (its declarations; each action names the function that runs it).
#include "tiktok.hpp"

namespace {
using namespace agoras::sdk;

Action with_account(Action action) {
    return action.option(Option::string("client-key").env("TIKTOK_CLIENT_KEY").help("the app's client key (with --refresh-token)"))
        .option(Option::string("client-secret").env("TIKTOK_CLIENT_SECRET").secret().help("the app's client secret"))
        .option(Option::string("refresh-token").env("TIKTOK_REFRESH_TOKEN").secret().help("a refresh token (rotates on use; default: the vault's)"))
        .option(Option::string("username").env("TIKTOK_USERNAME").help("the account's username, for messages"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Action with_post_options(Action action) {
    return action.option(Option::string("privacy-status").env("TIKTOK_PRIVACY_STATUS").default_value("SELF_ONLY")
                             .choices({"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"})
                             .help("PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR or SELF_ONLY (as the creator is offered)"))
        .option(Option::flag("allow-comments").env("TIKTOK_ALLOW_COMMENTS").help("let viewers comment"))
        .option(Option::flag("allow-duet").env("TIKTOK_ALLOW_DUET").help("allow duets"))
        .option(Option::flag("allow-stitch").env("TIKTOK_ALLOW_STITCH").help("allow stitches"))
        .option(Option::flag("brand-organic").help("the post promotes your own brand"))
        .option(Option::flag("brand-content").help("the post is paid partnership content"))
        .option(Option::flag("ai-generated").help("label the content as AI-generated"))
        .option(Option::flag("inbox").help("upload as a draft the user finishes in the TikTok app"));
}

PluginSpec tiktok_spec() {
    Platform tiktok("tiktok", "TikTok: videos and photo posts. Run \"agoras tiktok authorize --client-key KEY\" first.");
    tiktok.action(Action("authorize", "Authorize an account (PKCE) and store its tokens").runs(&agoras::tiktok::run_authorize)
                      .option(Option::string("client-key").required().env("TIKTOK_CLIENT_KEY").help("the app's client key"))
                      .option(Option::string("client-secret").required().env("TIKTOK_CLIENT_SECRET").secret().help("the app's client secret"))
                      .option(Option::flag("no-browser").help("print the authorize URL and read the redirected-to URL from stdin"))
                      .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                      .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    tiktok.action(with_account(with_post_options(Action("video", "Post a video (sent by agoras itself: no verified domain needed)")
                                                     .runs(&agoras::tiktok::run_video)
                                                     .option(Option::string("video-url").required().env("TIKTOK_VIDEO_URL").help("video file or URL"))
                                                     .option(Option::string("title").text().env("TIKTOK_TITLE").help("the caption")))));
    tiktok.action(with_account(with_post_options(Action("post", "Post photos pulled from URLs").runs(&agoras::tiktok::run_post)
                                                     .option(Option::list("image").numbered(4).help("a photo's https URL (TikTok pulls it)"))
                                                     .option(Option::string("title").env("TIKTOK_TITLE").help("the title (90 characters)"))
                                                     .option(Option::string("text").text().env("STATUS_TEXT").help("the description")))));
    tiktok.action(with_account(Action("whoami", "Show the authorized account").runs(&agoras::tiktok::run_whoami)));
    tiktok.action(with_account(Action("creator-info", "Show the privacy levels and limits TikTok offers this account")
                                   .runs(&agoras::tiktok::run_creator_info)));
    tiktok.posts_with({&agoras::tiktok::validate_post, &agoras::tiktok::publish_post, &agoras::tiktok::reconcile_post});
    return PluginSpec("tiktok", "TikTok", AGORAS_TIKTOK_VERSION, "Post videos and photos to TikTok")
        .platform(tiktok)
        .publishes(agoras::tiktok::tiktok_capabilities())
        .setting(agoras::tiktok::kApiUrl)
        .setting(agoras::tiktok::kAuthorizeUrl)
        .credentials("tiktok", "TikTok - OAuth 2.0 (the refresh token rotates: keep the vault between runs)",
                     {{"client_key", "TIKTOK_CLIENT_KEY"}, {"client_secret", "TIKTOK_CLIENT_SECRET"}, {"refresh_token", "TIKTOK_REFRESH_TOKEN"},
                      {"username", "TIKTOK_USERNAME"}},
                     {"client_secret", "refresh_token", "access_token"});
}

}  // namespace

AGORAS_PLUGIN(tiktok_spec, Plugin)
