// The LinkedIn plugin: posts as a member or as a company page, through the versioned Posts API (its
// declarations; each action names the function that runs it).
#include "api.hpp"
#include "linkedin.hpp"
#include "session.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

Action with_account(Action action) {
    return action.option(Option::string("access-token").env("LINKEDIN_ACCESS_TOKEN").secret().help("an access token (default: the vault's)"))
        .option(Option::string("client-id").env("LINKEDIN_CLIENT_ID").help("the app's client id (with --refresh-token)"))
        .option(Option::string("client-secret").env("LINKEDIN_CLIENT_SECRET").secret().help("the app's client secret (with --refresh-token)"))
        .option(Option::string("refresh-token").env("LINKEDIN_REFRESH_TOKEN").secret().help("a refresh token (partner apps only)"))
        .option(Option::string("object-id").env("LINKEDIN_OBJECT_ID").help("the member id, when the token alone does not say"))
        .option(Option::string("organization").env("LINKEDIN_ORGANIZATION_ID").help("post as this company page (its numeric id)"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Option post_id(const std::string& help) {
    return Option::string("post-id").required().env("LINKEDIN_POST_ID").help(help + ": a post URN or a linkedin.com/feed/update/… URL");
}

PluginSpec linkedin_spec() {
    Platform linkedin("linkedin", "LinkedIn, as a member or a company page. Run \"agoras linkedin authorize --client-id ID\" first.");
    linkedin.action(Action("authorize", "Authorize a member (OAuth 2.0) and store the token").runs(&agoras::linkedin::run_authorize)
                        .option(Option::string("client-id").required().env("LINKEDIN_CLIENT_ID").help("the app's client id"))
                        .option(Option::string("client-secret").required().env("LINKEDIN_CLIENT_SECRET").secret().help("the app's client secret"))
                        .option(Option::string("scopes").default_value(agoras::linkedin::kDefaultScopes)
                                    .help("space-separated scopes; add w_organization_social to post as a page"))
                        .option(Option::flag("no-browser").help("print the authorize URL and read the redirected-to URL from stdin"))
                        .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                        .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    linkedin.action(with_account(Action("post", "Publish a post: text, a link card, images, or a document").runs(&agoras::linkedin::run_post)
                                     .option(Option::string("text").text().env("STATUS_TEXT").help("post text (at most 3000 characters, sent exactly as given)"))
                                     .option(Option::string("link").env("STATUS_LINK").help("a link, shown as a card titled by the page itself"))
                                     .option(Option::list("image").numbered(4).help("image file or URL (two or more make a multi-image post)"))
                                     .option(Option::list("alt-text").numbered(4).help("alt text of the image in the same position"))
                                     .option(Option::string("document").help("a PDF, PPT or DOC file to attach"))
                                     .option(Option::string("document-title").help("the document's title (required with --document)"))
                                     .option(Option::string("visibility").choices({"PUBLIC", "CONNECTIONS", "LOGGED_IN"}).help("PUBLIC (default), CONNECTIONS or LOGGED_IN"))
                                     .option(Option::string("first-comment").help("a comment added under the post once it is published"))));
    linkedin.action(with_account(Action("video", "Publish a post with a video").runs(&agoras::linkedin::run_video)
                                     .option(Option::string("video-url").required().env("LINKEDIN_VIDEO_URL").help("video file or URL"))
                                     .option(Option::string("video-title").env("LINKEDIN_VIDEO_TITLE").help("the video's title"))
                                     .option(Option::string("text").text().env("STATUS_TEXT").help("post text"))
                                     .option(Option::string("visibility").choices({"PUBLIC", "CONNECTIONS", "LOGGED_IN"}).help("PUBLIC (default), CONNECTIONS or LOGGED_IN"))));
    linkedin.action(with_account(Action("share", "Reshare a post, with an optional text").runs(&agoras::linkedin::run_share)
                                     .option(post_id("the post to reshare"))
                                     .option(Option::string("text").text().help("your text above it"))));
    linkedin.action(with_account(Action("like", "React to a post with LIKE").runs(&agoras::linkedin::run_like).option(post_id("the post to like"))));
    linkedin.action(with_account(Action("delete", "Delete one of your posts").runs(&agoras::linkedin::run_delete).option(post_id("the post to delete"))));
    linkedin.action(with_account(Action("whoami", "Show the authorized member").runs(&agoras::linkedin::run_whoami)));
    linkedin.posts_with({&agoras::linkedin::validate_post, &agoras::linkedin::publish_post, &agoras::linkedin::reconcile_post});
    return PluginSpec("linkedin", "LinkedIn", AGORAS_LINKEDIN_VERSION, "Publish to LinkedIn, as a member or a company page")
        .platform(linkedin)
        .publishes(agoras::linkedin::linkedin_capabilities())
        .setting(agoras::linkedin::kApiUrl)
        .setting(agoras::linkedin::kAuthUrl)
        .setting(agoras::linkedin::kVersion)
        .credentials("linkedin", "LinkedIn - OAuth 2.0",
                     {{"access_token", "LINKEDIN_ACCESS_TOKEN"},
                      {"client_id", "LINKEDIN_CLIENT_ID"},
                      {"client_secret", "LINKEDIN_CLIENT_SECRET"},
                      {"refresh_token", "LINKEDIN_REFRESH_TOKEN"},
                      {"member_id", "LINKEDIN_OBJECT_ID"}},
                     {"access_token", "client_secret", "refresh_token"});
}

}  // namespace

AGORAS_PLUGIN(linkedin_spec, Plugin)
