// The YouTube plugin: videos uploaded resumably to the authorized channel (its declarations; each action
// names the function that runs it).
#include "youtube.hpp"

namespace {
using namespace agoras::sdk;

Action with_account(Action action) {
    return action.option(Option::string("client-id").env("YOUTUBE_CLIENT_ID").help("the OAuth client's id (with --refresh-token)"))
        .option(Option::string("client-secret").env("YOUTUBE_CLIENT_SECRET").secret().help("the OAuth client's secret"))
        .option(Option::string("refresh-token").env("YOUTUBE_REFRESH_TOKEN").secret().help("a refresh token (default: the vault's)"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Option post_id(const std::string& help) {
    return Option::string("post-id").required().env("YOUTUBE_VIDEO_ID").help(help + ": a video id or a youtube.com / youtu.be URL");
}

PluginSpec youtube_spec() {
    Platform youtube("youtube", "YouTube: videos uploaded resumably. Run \"agoras youtube authorize --client-id ID\" first.");
    youtube.action(Action("authorize", "Authorize a channel (OAuth with PKCE, offline access) and store its refresh token")
                       .runs(&agoras::youtube::run_authorize)
                       .option(Option::string("client-id").required().env("YOUTUBE_CLIENT_ID").help("the Desktop OAuth client's id"))
                       .option(Option::string("client-secret").env("YOUTUBE_CLIENT_SECRET").secret().help("its secret, when Google issued one"))
                       .option(Option::flag("no-browser").help("print the authorize URL and read the redirected-to URL from stdin"))
                       .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                       .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    youtube.action(with_account(Action("video", "Upload a video").runs(&agoras::youtube::run_video)
                                    .option(Option::string("video-url").required().env("YOUTUBE_VIDEO_URL").help("video file or http(s) URL"))
                                    .option(Option::string("title").required().env("YOUTUBE_TITLE").help("title (at most 100 characters)"))
                                    .option(Option::string("description").text().env("YOUTUBE_DESCRIPTION").help("description (at most 5000 bytes)"))
                                    .option(Option::string("keywords").env("YOUTUBE_KEYWORDS").help("tags, comma-separated"))
                                    .option(Option::string("category-id").env("YOUTUBE_CATEGORY_ID").help("category number (none: YouTube's default)"))
                                    .option(Option::string("privacy-status").env("YOUTUBE_PRIVACY_STATUS").default_value("private")
                                                .choices({"private", "unlisted", "public"})
                                                .help("private, unlisted or public"))
                                    .option(Option::string("publish-at").help("RFC 3339 time to make a private video public"))
                                    .option(Option::flag("made-for-kids").help("declare the video made for kids"))
                                    .option(Option::flag("not-made-for-kids").help("declare it not made for kids"))
                                    .option(Option::flag("no-notify").help("do not notify the channel's subscribers"))
                                    .option(Option::string("thumbnail").help("JPEG or PNG file (2 MB) set as the thumbnail"))));
    youtube.action(with_account(Action("like", "Like a video").runs(&agoras::youtube::run_like).option(post_id("the video to like"))));
    youtube.action(with_account(Action("delete", "Delete one of your videos").runs(&agoras::youtube::run_delete).option(post_id("the video to delete"))));
    youtube.action(with_account(Action("whoami", "Show the authorized channel").runs(&agoras::youtube::run_whoami)));
    youtube.posts_with({&agoras::youtube::validate_post, &agoras::youtube::publish_post, &agoras::youtube::reconcile_post});
    return PluginSpec("youtube", "YouTube", AGORAS_YOUTUBE_VERSION, "Upload videos to YouTube")
        .platform(youtube)
        .publishes(agoras::youtube::youtube_capabilities())
        .setting(agoras::youtube::kApiUrl)
        .setting(agoras::youtube::kAuthorizeUrl)
        .credentials("youtube", "YouTube - OAuth 2.0",
                     {{"client_id", "YOUTUBE_CLIENT_ID"}, {"client_secret", "YOUTUBE_CLIENT_SECRET"}, {"refresh_token", "YOUTUBE_REFRESH_TOKEN"}},
                     {"client_secret", "refresh_token", "access_token"});
}

}  // namespace

AGORAS_PLUGIN(youtube_spec, Plugin)
