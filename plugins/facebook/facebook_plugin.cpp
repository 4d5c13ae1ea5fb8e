// The Facebook Pages and Instagram plugin: its declarations; each action names the function that runs it.
#include "facebook.hpp"
#include "instagram.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

Action with_page(Action action) {
    return action.option(Option::string("object-id").env("FACEBOOK_OBJECT_ID").help("the Page's id (default: the vault's)"))
        .option(Option::string("refresh-token").env("FACEBOOK_REFRESH_TOKEN").secret().help(
            "a long-lived user token of a Page manager (default: the vault's Page token)"))
        .option(Option::string("client-id").env("FACEBOOK_CLIENT_ID").help("the Facebook app's id"))
        .option(Option::string("client-secret").env("FACEBOOK_CLIENT_SECRET").secret().help("the Facebook app's secret"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Option post_id(const std::string& help) { return Option::string("post-id").required().env("FACEBOOK_POST_ID").help(help); }

PluginSpec facebook_spec() {
    Platform facebook("facebook", "Facebook Pages (Meta Graph API). Run \"agoras facebook authorize\" first.");
    facebook.action(Action("authorize", "Log in with Facebook Login and keep the Page's token in the vault").runs(&agoras::facebook::run_authorize)
                        .option(Option::string("client-id").env("FACEBOOK_CLIENT_ID").help("the Facebook app's id (required)"))
                        .option(Option::string("client-secret").required().env("FACEBOOK_CLIENT_SECRET").secret().help(
                            "the app's secret (asked for on a terminal when missing)"))
                        .option(Option::string("app-id").env("FACEBOOK_APP_ID").help("the original's name for --client-id, accepted"))
                        .option(Option::string("object-id").env("FACEBOOK_OBJECT_ID").help("the Page, when the account manages several"))
                        .option(Option::string("scopes").default_value(agoras::facebook::kDefaultScopes).help("comma-separated permissions"))
                        .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                        .option(Option::flag("no-browser").help("print the URL and read the redirect URL from stdin"))
                        .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    facebook.action(with_page(Action("post", "Post to the Page: text, a link, up to 10 images").runs(&agoras::facebook::run_post)
                                  .option(Option::string("text").text().env("STATUS_TEXT").help("the post's text"))
                                  .option(Option::string("link").env("STATUS_LINK").help("a link attached to the post"))
                                  .option(Option::list("image").numbered(10).help("image URL (Facebook fetches it)"))));
    facebook.action(with_page(Action("video", "Post a video Facebook fetches from a URL").runs(&agoras::facebook::run_video)
                                  .option(Option::string("video-url").required().env("FACEBOOK_VIDEO_URL").help("public URL of the video"))
                                  .option(Option::string("video-title").env("FACEBOOK_VIDEO_TITLE").help("the video's title"))
                                  .option(Option::string("video-description").env("FACEBOOK_VIDEO_DESCRIPTION").help("its description"))));
    facebook.action(with_page(Action("like", "Like a post as the Page").runs(&agoras::facebook::run_like).option(post_id("the post (PAGE_POST id)"))));
    facebook.action(with_page(Action("share", "Post a post's link on another feed").runs(&agoras::facebook::run_share)
                                  .option(post_id("the post to share"))
                                  .option(Option::string("profile-id").required().env("FACEBOOK_PROFILE_ID").help("the feed to share it on"))));
    facebook.action(with_page(Action("delete", "Delete a post of the Page").runs(&agoras::facebook::run_delete).option(post_id("the post to delete"))));
    facebook.action(with_page(Action("whoami", "Show the Page").runs(&agoras::facebook::run_whoami)));
    facebook.posts_with({&agoras::facebook::validate_post, &agoras::facebook::publish_post});
    Platform instagram("instagram", "Instagram professional accounts, through Facebook Login. Run \"agoras instagram "
                                    "authorize\" first (no second login after \"agoras facebook authorize\").");
    const auto with_account = [](Action action) {
        return action.option(Option::string("object-id").env("INSTAGRAM_OBJECT_ID").help("the Instagram user id (default: the vault's)"))
            .option(Option::string("refresh-token").env("INSTAGRAM_REFRESH_TOKEN").secret().help("a long-lived user token (default: the vault's)"))
            .option(Option::string("client-id").env("INSTAGRAM_CLIENT_ID").help("the Facebook app's id"))
            .option(Option::string("client-secret").env("INSTAGRAM_CLIENT_SECRET").secret().help("the Facebook app's secret"))
            .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
    };
    instagram.action(Action("authorize", "Find the Instagram account of the user's Pages and keep it in the vault").runs(&agoras::instagram::run_authorize)
                         .option(Option::string("client-id").env("INSTAGRAM_CLIENT_ID").help("the Facebook app's id (not needed after "
                                                                                              "agoras facebook authorize)"))
                         .option(Option::string("client-secret").env("INSTAGRAM_CLIENT_SECRET").secret().help("the app's secret"))
                         .option(Option::string("object-id").env("INSTAGRAM_OBJECT_ID").help("the Instagram account, when there are several"))
                         .option(Option::string("scopes").default_value(agoras::instagram::kDefaultScopes).help("comma-separated permissions"))
                         .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                         .option(Option::flag("no-browser").help("print the URL and read the redirect URL from stdin"))
                         .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    instagram.action(with_account(Action("post", "Post an image, or a carousel of up to 10 (Instagram has no text-only posts)").runs(&agoras::instagram::run_post)
                                      .option(Option::string("text").text().env("STATUS_TEXT").help("the caption (2200 characters)"))
                                      .option(Option::string("link").env("STATUS_LINK").help("a URL appended to the caption"))
                                      .option(Option::list("image").numbered(10).help("image URL (JPEG; Instagram fetches it)"))
                                      .option(Option::list("alt-text").numbered(10).help("alt text of the image in the same position"))));
    instagram.action(with_account(Action("video", "Post a reel (default) or a story from a video URL").runs(&agoras::instagram::run_video)
                                      .option(Option::string("video-url").required().env("INSTAGRAM_VIDEO_URL").help("public URL of the video"))
                                      .option(Option::string("video-caption").env("INSTAGRAM_VIDEO_CAPTION").help("the caption"))
                                      .option(Option::string("video-type").env("INSTAGRAM_VIDEO_TYPE").default_value("REELS").help("REELS or STORIES"))));
    instagram.action(with_account(Action("quota", "Show the publishing limit: posts used in the last 24 h").runs(&agoras::instagram::run_quota)));
    instagram.action(with_account(Action("whoami", "Show the authorized account").runs(&agoras::instagram::run_whoami)));
    instagram.posts_with({&agoras::instagram::validate_post, &agoras::instagram::publish_post});
    return PluginSpec("facebook", "Facebook and Instagram", AGORAS_FACEBOOK_VERSION,
                      "Publish to Facebook Pages and Instagram through the Graph API")
        .platform(facebook)
        .platform(instagram)
        .publishes(agoras::facebook::facebook_capabilities())
        .publishes(agoras::instagram::instagram_capabilities())
        .setting(agoras::facebook::kGraphUrl)
        .setting(agoras::facebook::kAuthorizeUrl)
        .credentials("facebook", "Facebook - Page",
                     {{"object_id", "FACEBOOK_OBJECT_ID"}, {"client_id", "FACEBOOK_CLIENT_ID"},
                      {"client_secret", "FACEBOOK_CLIENT_SECRET"}, {"refresh_token", "FACEBOOK_REFRESH_TOKEN"}},
                     {"client_secret", "refresh_token", "page_token"})
        .credentials("instagram", "Instagram - via Facebook Login",
                     {{"object_id", "INSTAGRAM_OBJECT_ID"}, {"client_id", "INSTAGRAM_CLIENT_ID"},
                      {"client_secret", "INSTAGRAM_CLIENT_SECRET"}, {"refresh_token", "INSTAGRAM_REFRESH_TOKEN"}},
                     {"client_secret", "refresh_token"});
}

}  // namespace

AGORAS_PLUGIN(facebook_spec, Plugin)
