#include "instagram.hpp"

#include "facebook.hpp"

#include <container_publisher.hpp>
#include <graph_client.hpp>
#include <text.hpp>

namespace agoras::instagram {
namespace {

[[noreturn]] void refuse(const std::string& message) { throw sdk::Error(AGORAS_ERR_USAGE, "Instagram: " + message); }

const meta::GraphService& service() {
    static const meta::GraphService s{"Instagram", "instagram", "App Dashboard > App settings > Basic (the Facebook app)", true};
    return s;
}

const meta::ContainerApi& containers() {
    static const meta::ContainerApi api{"media", "media_publish", "status_code", "status", "media", "caption"};
    return api;
}

struct Account {
    std::string id, token, username;
};

// --object-id/INSTAGRAM_OBJECT_ID with --refresh-token/INSTAGRAM_REFRESH_TOKEN, else the vault's
// (no network call). Throws sdk::Error(AGORAS_ERR_AUTH) when there is none, but for a dry run.
Account account_of(const sdk::Invocation& call) {
    Account a{call.get_or("object-id", ""), call.get_or("refresh-token", ""), ""};
    if (a.token.empty()) {
        const std::string identifier = a.id.empty() ? call.host().vault_default() : a.id;
        if (const auto stored = identifier.empty() ? std::nullopt : call.host().vault_get(identifier)) {
            const Json record = Json::parse(*stored);
            a = {record["object_id"].text(), record["refresh_token"].text(), record["username"].text()};
        }
    }
    if (call.flag("dry-run") && (a.id.empty() || a.token.empty())) a = {a.id.empty() ? "IG_USER_ID" : a.id, "ACCESS_TOKEN", ""};
    if (a.id.empty() || a.token.empty()) {
        throw sdk::Error(AGORAS_ERR_AUTH, "not authorized: run 'agoras instagram authorize', or set INSTAGRAM_OBJECT_ID and "
                                          "INSTAGRAM_REFRESH_TOKEN");
    }
    return a;
}

Account account_of(const sdk::Invocation& call, meta::GraphClient& client) {
    const Account a = account_of(call);
    client.set_access_token(a.token);
    return a;
}

}  // namespace

sdk::Capabilities instagram_capabilities() {
    return sdk::Capabilities("instagram")
        .text(static_cast<std::uint32_t>(kMaxCaption), AGORAS_COUNT_CODE_POINTS)
        .max_media(kMaxCarousel)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg"})
                   .max_bytes(8ull << 20)
                   .max_dimensions(1440, 1440)
                   .per_post(kMaxCarousel)
                   .transfer(AGORAS_TRANSFER_URL_PULL))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4", "video/quicktime"})
                   .max_bytes(1ull << 30)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_URL_PULL))
        .requires_media();
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    const std::string caption = post.link ? (post.text.empty() ? *post.link : post.text + " " + *post.link) : post.text;
    if (text::count_code_points(caption) > kMaxCaption) {
        refuse("the caption is " + std::to_string(text::count_code_points(caption)) + " characters long; Instagram allows 2200");
    }
    if (post.media.empty()) refuse("Instagram has no text-only posts: give an image (--image) or use 'agoras instagram video'");
    if (post.media.size() > kMaxCarousel) refuse(std::to_string(post.media.size()) + " images; a carousel holds at most 10");
    for (const auto& m : post.media) {
        if (m.source.rfind("https://", 0) != 0 && m.source.rfind("http://", 0) != 0) {
            refuse("media must be public URLs that Instagram fetches, not '" + m.source + "'");
        }
        if (m.kind == AGORAS_MEDIA_VIDEO && post.media.size() > 1) refuse("a video goes alone");
    }
    account_of(call);  // credentials too, so that `post --to` stops before anything is sent anywhere
    return Json::object().set("caption", caption).set("items", post.media.size());
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const std::string caption = validate_post(call, post)["caption"].text();
    meta::GraphClient client(call.host(), facebook::graph_endpoint(), service(), call.flag("dry-run"));
    const Account a = account_of(call, client);
    meta::ContainerPublisher publisher(call.host(), client, a.id, containers());
    const auto with_alt = [](sdk::Params p, const sdk::Media& m) {
        if (!m.alt_text.empty()) p.emplace_back("alt_text", m.alt_text);
        return p;
    };
    std::string container;
    const bool video = post.media.front().kind == AGORAS_MEDIA_VIDEO;
    if (post.media.size() == 1) {
        const sdk::Media& m = post.media.front();
        sdk::Params params = video ? sdk::Params{{"media_type", post.extra("video-type").value_or("REELS")}, {"video_url", m.source}}
                                   : sdk::Params{{"image_url", m.source}};
        if (!caption.empty()) params.emplace_back("caption", caption);
        container = publisher.create_container(with_alt(params, m), video ? "the video" : "the image");
    } else {
        // Every item's container first, then the waits: Meta processes them side by side.
        std::vector<std::string> children;
        for (std::size_t i = 0; i < post.media.size(); ++i) {
            children.push_back(publisher.create_container(
                with_alt({{"image_url", post.media[i].source}, {"is_carousel_item", "true"}}, post.media[i]),
                "carousel image " + std::to_string(i + 1)));
        }
        std::string list;
        for (std::size_t i = 0; i < children.size(); ++i) {
            publisher.wait_until_ready(children[i], meta::kQuickPoll, "carousel image " + std::to_string(i + 1));
            list += (list.empty() ? "" : ",") + children[i];
        }
        sdk::Params params{{"media_type", "CAROUSEL"}, {"children", list}};
        if (!caption.empty()) params.emplace_back("caption", caption);
        container = publisher.create_container(params, "the carousel");
    }
    call.host().checkpoint(Json::object().set("container", container));
    const meta::PollPlan& plan = video ? meta::kVideoPoll : meta::kQuickPoll;
    publisher.wait_until_ready(container, plan, video ? "the video" : "the post");
    const std::string id = publisher.publish(container, plan, caption);
    if (client.dry_run()) return;
    Json out = Json::object().set("id", id);
    if (const std::string url = publisher.permalink(id); !url.empty()) out.set("url", url);
    call.host().emit(out);
}

void run_authorize(const sdk::Invocation& call) {
    const sdk::Host& host = call.host();
    meta::GraphClient client(host, facebook::graph_endpoint(), service(), call.flag("dry-run"));
    // One login for both: a Facebook authorization's user token serves Instagram too.
    facebook::LoginResult login;
    const std::string facebook_default = host.vault_default("facebook");
    const auto facebook_record = facebook_default.empty() || call.get("client-secret") ? std::nullopt
                                                                                        : host.vault_get(facebook_default, "facebook");
    if (facebook_record) {
        const Json record = Json::parse(*facebook_record);
        login = {record["client_id"].text(), record["client_secret"].text(), record["refresh_token"].text(),
                 record["token_expires_at"].integer()};
        client.set_access_token(login.user_token);
        host.info("using the Facebook authorization of Page " + facebook_default + " (no second login)");
    } else {
        login = facebook::facebook_login(call, client, kDefaultScopes);
    }
    const Json accounts = client.get(client.endpoint().api({"me", "accounts"}),
                                     {{"fields", "id,name,instagram_business_account{id,username}"}}, "listing the Instagram accounts");
    if (client.dry_run()) return;
    const std::string wanted = call.get_or("object-id", "");
    const Json* chosen = nullptr;
    std::string listing;
    std::size_t count = 0;
    for (const auto& page : accounts["data"].items()) {
        const Json& ig = page["instagram_business_account"];
        if (ig["id"].text().empty()) continue;
        ++count;
        listing += (listing.empty() ? "" : ", ") + ig["id"].text() + " (@" + ig["username"].text() + ")";
        if (ig["id"].text() == wanted || wanted.empty()) chosen = &ig;
    }
    if (count == 0) throw sdk::Error(AGORAS_ERR_AUTH, "no Instagram professional account is linked to the Pages this user manages");
    if (chosen == nullptr || (wanted.empty() && count > 1)) {
        throw sdk::Error(AGORAS_ERR_USAGE, "choose the Instagram account with --object-id: " + listing);
    }
    const std::string id = (*chosen)["id"].text();
    host.vault_put(id, Json::object()
                           .set("client_id", login.client_id)
                           .set("client_secret", login.client_secret)
                           .set("refresh_token", login.user_token)
                           .set("object_id", id)
                           .set("username", (*chosen)["username"].text())
                           .set("token_expires_at", login.expires_at)
                           .serialize());
    host.vault_set_default(id);
    host.emit(Json::object().set("id", id).set("username", (*chosen)["username"].text()).set("authorized", true));
}

void run_post(const sdk::Invocation& call) {
    sdk::Post post;
    post.text = call.get_or("text", "");
    if (auto link = call.get("link")) post.link = *link;
    const auto images = call.get_all("image"), alts = call.get_all("alt-text");
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (!images[i].empty()) post.media.push_back({AGORAS_MEDIA_IMAGE, images[i], "", i < alts.size() ? alts[i] : ""});
    }
    publish_post(call, post);
}

void run_video(const sdk::Invocation& call) {
    const std::string type = call.get_or("video-type", "REELS");
    if (type != "REELS" && type != "STORIES") refuse("--video-type must be REELS or STORIES, not '" + type + "'");
    sdk::Post post;
    post.text = call.get_or("video-caption", "");
    post.media.push_back({AGORAS_MEDIA_VIDEO, call.require("video-url"), "", ""});
    post.extras.emplace_back("video-type", type);
    publish_post(call, post);
}

void run_quota(const sdk::Invocation& call) {
    meta::GraphClient client(call.host(), facebook::graph_endpoint(), service(), call.flag("dry-run"));
    const Account a = account_of(call, client);
    const Json limit = client.get(client.endpoint().api({a.id, "content_publishing_limit"}), {{"fields", "config,quota_usage"}},
                                  "reading the publishing limit");
    if (client.dry_run()) return;
    const Json& usage = limit["data"][0];
    call.host().emit(Json::object()
                         .set("used", usage["quota_usage"])
                         .set("limit", usage["config"]["quota_total"])
                         .set("window_s", usage["config"]["quota_duration"]));
}

void run_whoami(const sdk::Invocation& call) {
    meta::GraphClient client(call.host(), facebook::graph_endpoint(), service(), call.flag("dry-run"));
    const Account a = account_of(call, client);
    const Json me = client.get(client.endpoint().api({a.id}), {{"fields", "id,username,name"}}, "reading the account");
    if (client.dry_run()) return;
    call.host().emit(Json::object()
                         .set("id", me["id"].text())
                         .set("username", me["username"].text())
                         .set("url", "https://www.instagram.com/" + me["username"].text()));
}

}  // namespace agoras::instagram
