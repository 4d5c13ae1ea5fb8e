// A LinkedIn post from a typed post: the text escaped for the little format, media uploaded first (all
// of it, or nothing is posted), a link as an article card titled by the page itself, one create that is
// never sent blindly again, and an optional first comment.
#include "api.hpp"
#include "linkedin.hpp"
#include "little.hpp"
#include "session.hpp"
#include "upload.hpp"

#include <link_preview.hpp>
#include <media.hpp>
#include <text.hpp>

namespace agoras::linkedin {
namespace {

constexpr std::size_t kMaxAltText = 4086;

struct Draft {
    std::string text, link, visibility, document, document_title, first_comment;
    std::vector<sdk::Media> media;
};

Draft draft_of(const sdk::Invocation& call, const sdk::Post& post) {
    Draft d;
    d.text = post.text;
    d.link = post.link.value_or("");
    d.media = post.media;
    d.visibility = post.extra("visibility").value_or(call.get_or("visibility", "PUBLIC"));
    d.document = post.extra("document").value_or(call.get_or("document", ""));
    d.document_title = post.extra("document-title").value_or(call.get_or("document-title", ""));
    d.first_comment = post.extra("first-comment").value_or(call.get_or("first-comment", ""));
    // An article card takes the link; with media, the link goes into the text instead.
    if (!d.link.empty() && (!d.media.empty() || !d.document.empty())) {
        d.text = d.text.empty() ? d.link : d.text + " " + d.link;
        d.link.clear();
    }
    return d;
}

Json check(const Draft& d) {
    const std::size_t length = text::count_code_points(d.text);
    if (length > kMaxText) refuse("the text is " + std::to_string(length) + " characters; LinkedIn allows " + std::to_string(kMaxText));
    if (d.visibility != "PUBLIC" && d.visibility != "CONNECTIONS" && d.visibility != "LOGGED_IN") {
        refuse("--visibility must be PUBLIC, CONNECTIONS or LOGGED_IN, not '" + d.visibility + "'");
    }
    std::size_t videos = 0;
    for (std::size_t i = 0; i < d.media.size(); ++i) {
        videos += d.media[i].kind == AGORAS_MEDIA_VIDEO;
        if (text::count_code_points(d.media[i].alt_text) > kMaxAltText) refuse("the alt text of image " + std::to_string(i + 1) + " is too long");
        if (!media::is_url(d.media[i].source)) media::file_size(d.media[i].source, "file " + std::to_string(i + 1));
    }
    if (d.media.size() > 20) refuse("LinkedIn takes at most 20 images in a post");
    if (videos > 0 && d.media.size() > 1) refuse("a video goes alone in a LinkedIn post");
    if (!d.document.empty() && !d.media.empty()) refuse("a document goes alone in a LinkedIn post, without images or a video");
    if (!d.document.empty() && d.document_title.empty()) refuse("--document needs --document-title (LinkedIn shows it)");
    if (!d.document.empty()) media::file_size(d.document, "the document");
    if (d.text.empty() && d.media.empty() && d.link.empty() && d.document.empty()) refuse("nothing to post: give a text, a link or media");
    return Json::object().set("length", length).set("limit", kMaxText);
}

// A link's article: the page's own title (og:title, else <title>), never the post text; the URL when
// the page cannot be read.
Json article_of(LinkedInApi& api, const std::string& link) {
    std::string title = link, description;
    if (api.dry_run()) {
        api.host().emit(Json::object().set("dry_run", true).set("method", "GET").set("url", link));
    } else {
        try {
            const auto meta = link_preview::read_page_meta(api.host(), link);
            if (!meta.title.empty()) title = meta.title;
            description = meta.description;
        } catch (const sdk::Error& e) {
            api.host().warn("could not read " + link + " for its title (" + e.what() + "); the card shows the URL");
        }
    }
    Json article = Json::object().set("source", link).set("title", title.substr(0, 400));
    if (!description.empty()) article.set("description", description.substr(0, 4000));
    return article;
}

// Among the author's posts since `since_ms`, the oldest whose commentary is `escaped`: its URN, "" when
// there is none, nullopt when the token may not read the author's posts.
std::optional<std::string> find_own_post(LinkedInApi& api, const Account& account, const std::string& escaped, std::int64_t since_ms) {
    const auto listed = api.rest("GET", "/posts?q=author&author=" + sdk::percent_encode(account.author) + "&count=20&sortBy=CREATED",
                                 std::nullopt, "looking for the post among the author's recent posts", true, true);
    if (listed.status == 403) return std::nullopt;  // a member token may not read posts (r_member_social is LinkedIn's to give)
    if (listed.status < 200 || listed.status >= 300) throw linkedin_error(listed.status, listed.raw.body, "listing the author's posts");
    std::string found;
    for (const auto& item : listed.json["elements"].items()) {
        if (item["commentary"].text() == escaped && item["createdAt"].integer() >= since_ms) found = item["id"].text();
    }
    return found;
}

std::string checked_post_urn(const std::string& urn) {
    try {
        return post_urn_of(urn);
    } catch (const sdk::Error&) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "LinkedIn answered the post without a valid id (x-restli-id)");
    }
}

}  // namespace

sdk::Capabilities linkedin_capabilities() {
    return sdk::Capabilities("linkedin")
        .text(static_cast<std::uint32_t>(kMaxText), AGORAS_COUNT_CODE_POINTS)
        .max_media(20)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png", "image/gif"})
                   .max_bytes(kMaxImageBytes)
                   .per_post(20)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4"})
                   .max_bytes(kMaxVideoBytes)
                   .duration(3, 1800)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .alt_text(static_cast<std::uint32_t>(kMaxAltText))
        .link_card();
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Draft d = draft_of(call, post);
    return check(d);
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const sdk::Host& host = call.host();
    LinkedInApi api(host, call.flag("dry-run"));
    const Draft d = draft_of(call, post);
    check(d);
    const Account account = account_of(call, api);
    Json body = Json::object()
                    .set("author", account.author)
                    .set("commentary", escape_little(d.text))
                    .set("visibility", d.visibility)
                    .set("distribution", Json::object().set("feedDistribution", "MAIN_FEED").set("targetEntities", Json::array())
                                             .set("thirdPartyDistributionChannels", Json::array()))
                    .set("lifecycleState", "PUBLISHED")
                    .set("isReshareDisabledByAuthor", false);
    if (!d.document.empty()) {
        body.set("content", Json::object().set("media", Json::object().set("id", upload_asset(api, Asset::document, d.document, account.author, "the document"))
                                                            .set("title", d.document_title)));
    } else if (d.media.size() == 1 && d.media[0].kind == AGORAS_MEDIA_VIDEO) {
        Json media = Json::object().set("id", upload_asset(api, Asset::video, d.media[0].source, account.author, "the video"));
        if (!d.media[0].alt_text.empty()) media.set("title", d.media[0].alt_text);
        body.set("content", Json::object().set("media", media));
    } else if (!d.media.empty()) {
        Json images = Json::array();
        for (std::size_t i = 0; i < d.media.size(); ++i) {
            Json image = Json::object().set("id", upload_asset(api, Asset::image, d.media[i].source, account.author, "image " + std::to_string(i + 1)));
            if (!d.media[i].alt_text.empty()) image.set("altText", d.media[i].alt_text);
            images.push(image);
        }
        // One image is a media post; two or more a multiImage post.
        body.set("content", d.media.size() == 1 ? Json::object().set("media", images[0]) : Json::object().set("multiImage", Json::object().set("images", images)));
    } else if (!d.link.empty()) {
        body.set("content", Json::object().set("article", article_of(api, d.link)));
    }
    const std::int64_t started_ms = host.now_unix_ms();
    if (!api.dry_run()) host.checkpoint(Json::object().set("commentary", escape_little(d.text)).set("at_ms", started_ms));
    std::string lost;
    LinkedInApi::Reply created;
    try {
        created = api.rest("POST", "/posts", body, "posting", false, true);
    } catch (const sdk::Error& e) {
        if (e.status() != AGORAS_ERR_NETWORK) throw;
        lost = e.what();
    }
    if (api.dry_run()) return;
    std::string urn;
    if (lost.empty() && created.status >= 200 && created.status < 300) {
        urn = checked_post_urn(created.raw.header("x-restli-id"));
    } else if (lost.empty() && created.status < 500) {
        throw linkedin_error(created.status, created.raw.body, "posting");
    } else {
        // The answer was lost: the post may exist. Never sent again; looked for instead.
        host.warn("LinkedIn's answer to the post was lost (" + (lost.empty() ? "HTTP " + std::to_string(created.status) : lost) +
                  "); looking for it instead of posting again");
        urn = find_own_post(api, account, escape_little(d.text), started_ms - 120000).value_or("");
        if (urn.empty()) {
            throw sdk::Error(AGORAS_ERR_NETWORK, "LinkedIn's answer to the post was lost and the post cannot be found: whether it was "
                                                 "published is unknown. Check the " + std::string(account.organization ? "page" : "profile") +
                                                 " before posting it again");
        }
        urn = checked_post_urn(urn);
    }
    Json result = Json::object().set("id", urn).set("url", post_url(urn));
    if (!d.first_comment.empty()) {
        // The post exists: a comment that fails is a warning, never a failed post (which a rerun would repeat).
        try {
            const auto comment = api.rest("POST", "/socialActions/" + sdk::percent_encode(urn) + "/comments",
                                          Json::object().set("actor", account.author).set("object", urn)
                                              .set("message", Json::object().set("text", escape_little(d.first_comment))),
                                          "adding the first comment", false);
            result.set("comment_id", comment.raw.header("x-restli-id").empty() ? comment.json["id"].text() : comment.raw.header("x-restli-id"));
        } catch (const sdk::Error& e) {
            host.warn(std::string("the post is published, but its first comment failed: ") + e.what());
        }
    }
    host.emit(result);
}

Json reconcile_post(const sdk::Invocation& call, const sdk::Post&, const Json& checkpoint) {
    if (!checkpoint["at_ms"].is_number()) return Json::object().set("published", false);  // stopped while uploading
    LinkedInApi api(call.host(), false);
    const Account account = account_of(call, api);
    const auto urn = find_own_post(api, account, checkpoint["commentary"].text(), checkpoint["at_ms"].integer() - 120000);
    if (!urn) throw sdk::Error(AGORAS_ERR_GENERIC, "LinkedIn: this token may not read the author's posts, so the interrupted post cannot be looked for; check the account");
    if (urn->empty()) return Json::object().set("published", false);
    return Json::object().set("published", true).set("id", checked_post_urn(*urn)).set("url", post_url(*urn));
}

}  // namespace agoras::linkedin
