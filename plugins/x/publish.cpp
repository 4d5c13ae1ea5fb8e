// An X post from a typed post: counted as X counts it, media uploaded first (all of them, or nothing
// is posted), one create that is never sent blindly again, and reconcile after an interrupted run.
#include "api.hpp"
#include "upload.hpp"
#include "session.hpp"
#include "weighted_length.hpp"
#include "x.hpp"

#include <media.hpp>
#include <text.hpp>
#include <utc_time.hpp>

namespace agoras::x {
namespace {

// X's self-serve prices per request (pay-per-use since 2026-02; docs.x.com "Pricing"). Kept here, in
// one place, for --dry-run to state: update them when X does.
struct Price {
    const char* amount;
    const char* what;
};
constexpr Price kPostPrice{"$0.015", "a post"};
constexpr Price kPostWithUrlPrice{"$0.200", "a post whose text contains a URL"};
constexpr Price kReplyPrice{"$0.010", "a reply"};

constexpr std::int64_t kLookBackSeconds = 120;
constexpr int kLookups = 3;

struct Draft {
    std::string text, reply_to;
    std::vector<sdk::Media> media;
};

Draft draft_of(const sdk::Post& post) {
    Draft d;
    d.text = post.link ? (post.text.empty() ? *post.link : post.text + " " + *post.link) : post.text;
    d.reply_to = post.reply_to ? post_id_of(*post.reply_to) : "";
    d.media = post.media;
    return d;
}

std::size_t cashtags(const std::string& text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        const bool start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '(';
        const char next = text[i + 1];
        if (start && text[i] == '$' && ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'))) ++n;
    }
    return n;
}

Json check(const Draft& d) {
    const std::size_t length = weighted_length(d.text);
    if (length > kMaxWeightedLength) {
        refuse("the text comes to " + std::to_string(length) + " as X counts it (URLs 23, CJK and emoji 2); X allows " +
               std::to_string(kMaxWeightedLength));
    }
    if (cashtags(d.text) > 1) refuse("X allows one cashtag ($TICKER) per post");
    std::size_t videos = 0;
    for (std::size_t i = 0; i < d.media.size(); ++i) {
        const sdk::Media& m = d.media[i];
        videos += m.kind == AGORAS_MEDIA_VIDEO;
        if (text::count_code_points(m.alt_text) > kMaxAltText) {
            refuse("the alt text of file " + std::to_string(i + 1) + " is over " + std::to_string(kMaxAltText) + " characters");
        }
        if (!media::is_url(m.source)) media::file_size(m.source, "file " + std::to_string(i + 1));
    }
    if (d.media.size() > 4) refuse(std::to_string(d.media.size()) + " images; X takes at most 4 per post");
    if (videos > 0 && d.media.size() > 1) refuse("a video goes alone: X takes 4 images, or 1 GIF, or 1 video per post");
    if (d.text.empty() && d.media.empty()) refuse("nothing to post: give a text or media");
    return Json::object().set("length", length).set("limit", kMaxWeightedLength);
}

const Price& price_of(const Draft& d) {
    if (!find_urls(d.text).empty()) return kPostWithUrlPrice;
    return d.reply_to.empty() ? kPostPrice : kReplyPrice;
}

// A post's text as X gives it back, and as it was sent, made comparable: X shortens links (t.co), adds
// a link for attached media, and escapes &, < and >.
std::string comparable(std::string text) {
    for (const auto& [escaped, plain] : {std::pair<std::string, std::string>{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}}) {
        for (auto at = text.find(escaped); at != std::string::npos; at = text.find(escaped, at + 1)) text.replace(at, escaped.size(), plain);
    }
    const auto urls = find_urls(text);
    for (auto it = urls.rbegin(); it != urls.rend(); ++it) text.erase(it->begin, it->end - it->begin);
    std::string out;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\t') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// The account's oldest post with `text` since `since` (an owned read, $0.001 a post), or "".
std::string find_own_post(XApi& api, const Account& account, const std::string& text, std::int64_t since) {
    if (account.user_id.empty()) return "";
    XApi::Call list;
    list.path = "/2/users/" + account.user_id + "/tweets?max_results=20&start_time=" + sdk::percent_encode(text::utc_time(since));
    list.doing = "looking for the post among the account's recent posts";
    list.retry_safe = true;
    const Json listed = api.send(list).json;
    std::string found;
    const std::string wanted = comparable(text);
    for (const auto& item : listed["data"].items()) {
        if (comparable(item["text"].text()) == wanted) found = item["id"].text();  // newest first: the last is the oldest
    }
    return found.empty() ? "" : sdk::checked_server_id(found, "a post id", "X", "");
}

void emit_post(const sdk::Host& host, const Account& account, const std::string& id, const std::string& reply_to) {
    Json out = Json::object().set("id", id).set("url", post_url(account, id));
    if (!reply_to.empty()) out.set("reply_to", reply_to);
    host.emit(out);
}

}  // namespace

sdk::Capabilities x_capabilities() {
    return sdk::Capabilities("x")
        .text(static_cast<std::uint32_t>(kMaxWeightedLength), AGORAS_COUNT_WEIGHTED)
        .url_length(static_cast<std::uint32_t>(kUrlWeight))
        .max_media(4)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png", "image/webp", "image/gif"})
                   .max_bytes(kMaxImageBytes)
                   .per_post(4)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4", "video/quicktime"})
                   .max_bytes(kMaxVideoBytes)
                   .duration(1, 140)
                   .max_dimensions(1280, 1024)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .alt_text(static_cast<std::uint32_t>(kMaxAltText));
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    account_of(call);
    const Draft d = draft_of(post);
    const Price& price = price_of(d);
    return check(d).set("cost", std::string(price.amount) + ": " + price.what);
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const sdk::Host& host = call.host();
    const Account account = account_of(call);
    XApi api(host, account.keys, call.flag("dry-run"));
    const Draft d = draft_of(post);
    check(d);
    Json media_ids = Json::array();
    for (std::size_t i = 0; i < d.media.size(); ++i) {
        const std::string what = d.media[i].kind == AGORAS_MEDIA_VIDEO ? "the video" : "image " + std::to_string(i + 1);
        media_ids.push(upload_media(api, d.media[i], what));
    }
    Json body = Json::object();
    if (!d.text.empty()) body.set("text", d.text);
    if (!d.media.empty()) body.set("media", Json::object().set("media_ids", media_ids));
    if (!d.reply_to.empty()) body.set("reply", Json::object().set("in_reply_to_tweet_id", d.reply_to));
    const std::int64_t started = host.now_unix_ms() / 1000;
    // For reconcile after an interrupted run: X has no idempotency key, so the text is how the post is found.
    if (!api.dry_run()) host.checkpoint(Json::object().set("text", d.text).set("at", started));
    XApi::Call create;
    create.method = "POST";
    create.path = "/2/tweets";
    create.body.json = body;
    create.doing = d.reply_to.empty() ? "posting" : "replying";
    create.return_errors = true;
    const Price& price = price_of(d);
    create.cost = std::string(price.amount) + ": " + price.what;
    std::string lost;
    XApi::Reply created;
    try {
        created = api.send(create);
    } catch (const sdk::Error& e) {
        if (e.status() != AGORAS_ERR_NETWORK) throw;
        lost = e.what();
    }
    if (api.dry_run()) return;
    if (lost.empty() && created.status >= 200 && created.status < 300) {
        emit_post(host, account, sdk::checked_server_id(created.json["data"]["id"].text(), "a post id", "X", ""), d.reply_to);
        return;
    }
    if (lost.empty() && created.status < 500) throw x_error(created.status, created.text, create.doing);
    // The answer was lost (no answer, or a 5xx after sending): the post may exist. Never sent again
    // blindly; looked for among the account's posts instead.
    host.warn("X's answer to the post was lost (" + (lost.empty() ? "HTTP " + std::to_string(created.status) : lost) +
              "); looking for it among the account's recent posts instead of posting again");
    for (int round = 1; round <= kLookups; ++round) {
        const std::string id = find_own_post(api, account, d.text, started - kLookBackSeconds);
        if (!id.empty()) {
            emit_post(host, account, id, d.reply_to);
            return;
        }
        if (round < kLookups) host.sleep_ms(2000);
    }
    throw sdk::Error(AGORAS_ERR_NETWORK, "X's answer to the post was lost and the post is not among the account's recent posts: "
                                         "whether it was published is unknown. Check " +
                                             (account.screen_name.empty() ? std::string("the account") : "https://x.com/" + account.screen_name) +
                                             " before posting it again");
}

Json reconcile_post(const sdk::Invocation& call, const sdk::Post&, const Json& checkpoint) {
    // No checkpoint: the run stopped while uploading media, which X lets expire; nothing was posted.
    if (!checkpoint["at"].is_number()) return Json::object().set("published", false);
    const Account account = account_of(call);
    if (account.user_id.empty()) throw sdk::Error(AGORAS_ERR_GENERIC, "X: the account's user id is unknown, so the post cannot be looked for");
    XApi api(call.host(), account.keys, false);
    const std::string id = find_own_post(api, account, checkpoint["text"].text(), checkpoint["at"].integer() - kLookBackSeconds);
    if (id.empty()) return Json::object().set("published", false);
    return Json::object().set("published", true).set("id", id).set("url", post_url(account, id));
}

}  // namespace agoras::x
