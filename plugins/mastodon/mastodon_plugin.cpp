// The Mastodon plugin: any instance, OAuth with a per-instance app (its declarations; each action names
// the function that runs it).
#include "mastodon.hpp"

namespace {
using namespace agoras::sdk;
using agoras::Json;

Action with_account(Action action) {
    return action.option(Option::string("instance").env("MASTODON_INSTANCE").help("the instance, e.g. https://mastodon.social "
                                                                                  "(default: the vault's account)"))
        .option(Option::string("access-token").env("MASTODON_ACCESS_TOKEN").secret().help("an access token (default: from the vault)"))
        .option(Option::flag("dry-run").help("validate and print the requests instead of sending them"));
}

Action with_status(Action action) {
    return action.option(Option::string("text").text().env("STATUS_TEXT").help("status text (the instance's limit, 500 by default)"))
        .option(Option::string("link").env("STATUS_LINK").help("URL appended to the text"))
        .option(Option::list("image").numbered(4).help("image file or URL (at most the instance's limit, 4 by default)"))
        .option(Option::list("alt-text").numbered(4).help("alt text of the image in the same position"))
        .option(Option::string("visibility").choices({"public", "unlisted", "private", "direct"}).help("public, unlisted, private or direct (default: the account's)"))
        .option(Option::string("spoiler-text").help("content warning shown before the text"))
        .option(Option::flag("sensitive").help("mark the media as sensitive"))
        .option(Option::string("language").help("language of the text (BCP 47, e.g. en or pt-BR)"));
}

Option post_id(const std::string& help) { return Option::string("post-id").required().help(help + ": a status id or URL"); }

Json reconcile(const Invocation& call, const Post&, const Json& checkpoint) {
    return agoras::mastodon::reconcile_post(call, checkpoint);
}

PluginSpec mastodon_spec() {
    Platform mastodon("mastodon", "Mastodon, on any instance. Run \"agoras mastodon authorize --instance URL\" first.");
    mastodon.action(Action("authorize", "Authorize an account on an instance (OAuth 2.0 with PKCE) and store its token").runs(&agoras::mastodon::run_authorize)
                        .option(Option::string("instance").required().env("MASTODON_INSTANCE").help("the instance, e.g. https://mastodon.social"))
                        .option(Option::string("scopes").default_value(agoras::mastodon::kDefaultScopes).help("space-separated scopes"))
                        .option(Option::string("access-token").env("MASTODON_ACCESS_TOKEN").secret().help(
                            "store this token (from Preferences > Development) instead of authorizing in a browser"))
                        .option(Option::flag("no-browser").help("print the authorize URL and read the code the instance shows from stdin"))
                        .option(Option::integer("timeout").help("seconds to wait for the browser (default: AGORAS_OAUTH_TIMEOUT, else 300)"))
                        .option(Option::flag("dry-run").help("print the requests instead of sending them")));
    mastodon.action(with_account(with_status(Action("post", "Publish a status, with up to 4 images").runs(&agoras::mastodon::run_post))));
    mastodon.action(with_account(with_status(Action("reply", "Reply to a status").runs(&agoras::mastodon::run_reply).option(post_id("the status to reply to")))));
    mastodon.action(with_account(Action("video", "Publish a status with a video").runs(&agoras::mastodon::run_video)
                                     .option(Option::string("video").required().help("video file or URL"))
                                     .option(Option::string("text").text().env("STATUS_TEXT").help("status text"))
                                     .option(Option::string("alt-text").help("alt text of the video"))
                                     .option(Option::string("visibility").choices({"public", "unlisted", "private", "direct"}).help("public, unlisted, private or direct"))
                                     .option(Option::string("spoiler-text").help("content warning"))
                                     .option(Option::flag("sensitive").help("mark the video as sensitive"))
                                     .option(Option::string("language").help("language of the text (BCP 47, e.g. en or pt-BR)"))));
    mastodon.action(with_account(Action("share", "Boost (reblog) a status").runs(&agoras::mastodon::run_share).option(post_id("the status to boost"))));
    mastodon.action(with_account(Action("like", "Favourite a status").runs(&agoras::mastodon::run_like).option(post_id("the status to favourite"))));
    mastodon.action(with_account(Action("delete", "Delete one of your statuses").runs(&agoras::mastodon::run_delete).option(post_id("the status to delete"))));
    mastodon.action(with_account(Action("whoami", "Show the authorized account").runs(&agoras::mastodon::run_whoami)));
    mastodon.posts_with({&agoras::mastodon::validate_post, &agoras::mastodon::publish_post, &reconcile});
    return PluginSpec("mastodon", "Mastodon", AGORAS_MASTODON_VERSION, "Publish to Mastodon instances")
        .platform(mastodon)
        .publishes(agoras::mastodon::mastodon_capabilities())
        .credentials("mastodon", "Mastodon - access token", {{"instance", "MASTODON_INSTANCE"}, {"access_token", "MASTODON_ACCESS_TOKEN"}},
                     {"access_token", "client_secret"});  // client_secret: the app registration's
}

}  // namespace

AGORAS_PLUGIN(mastodon_spec, Plugin)
