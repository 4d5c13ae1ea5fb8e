// A Mastodon status from a typed post: the instance's own limits (counted as Mastodon counts), media
// uploaded and awaited, one Idempotency-Key per status, and reconcile after an interrupted run.
#include "api.hpp"
#include "length.hpp"
#include "mastodon.hpp"
#include "session.hpp"

#include <media.hpp>

#include <agoras/sdk/language_tag.hpp>
#include <agoras/sdk/poll.hpp>

#include <random>

namespace agoras::mastodon {
namespace {

constexpr std::int64_t kLimitsMaxAge = 24 * 3600;
// An Idempotency-Key is kept an hour by the instance; reused only well within that.
constexpr std::int64_t kIdempotencyReuse = 50 * 60;

struct Limits {
    std::size_t max_characters = 500, max_media = 4, url_length = 23;
};

// The instance's limits (/api/v2/instance, else /api/v1/instance), kept a day in the host's cache (not the
// vault: a post with credentials from the environment then opens no vault at all).
Limits limits_of(const sdk::Host& host, MastodonApi& api) {
    Limits limits;
    if (api.dry_run()) return limits;
    const std::string key = "limits:" + instance_key(api.instance());
    const auto apply = [&](const Json& json) {
        // Bounded as an answer would be: a damaged or planted cache entry cannot make a limit absurd.
        const auto bounded = [&](const char* field, std::int64_t fallback, std::int64_t most) {
            const std::int64_t value = json[field].integer(fallback);
            return static_cast<std::size_t>(value < 0 || value > most ? fallback : value);
        };
        limits.max_characters = bounded("max_characters", 500, 1'000'000);
        limits.max_media = bounded("max_media_attachments", 4, 1000);
        limits.url_length = bounded("characters_reserved_per_url", 23, 10'000);
    };
    if (const auto cached = host.cache_get(key, kLimitsMaxAge)) {
        try {
            apply(Json::parse(*cached));
            return limits;
        } catch (const std::exception&) {  // not JSON: read the instance again
        }
    }
    Json found = Json::object();
    const auto v2 = api.get("/api/v2/instance", {}, "reading the instance's limits", true);
    if (v2.status != 404) {
        const Json& c = v2.json["configuration"];
        found.set("max_characters", c["statuses"]["max_characters"].integer(500))
            .set("max_media_attachments", c["statuses"]["max_media_attachments"].integer(4))
            .set("characters_reserved_per_url", c["statuses"]["characters_reserved_per_url"].integer(23));
    } else {
        // Before 4.0: /api/v1/instance, with max_toot_chars on some forks.
        const Json v1 = api.get("/api/v1/instance", {}, "reading the instance's limits").json;
        const Json& c = v1["configuration"];
        found.set("max_characters", c["statuses"]["max_characters"].integer(v1["max_toot_chars"].integer(500)))
            .set("max_media_attachments", c["statuses"]["max_media_attachments"].integer(4))
            .set("characters_reserved_per_url", c["statuses"]["characters_reserved_per_url"].integer(23));
    }
    apply(found);
    try {
        host.cache_put(key, found.serialize());
    } catch (const sdk::Error& e) {
        host.debug(std::string("could not keep the instance's limits: ") + e.what());
    }
    return limits;
}

std::string random_key() {
    std::random_device random;
    static const char hex[] = "0123456789abcdef";
    std::string key;
    for (int i = 0; i < 32; ++i) key += hex[random() % 16];
    return "agoras-" + key;
}

// Uploads one file (POST /api/v2/media) and waits until the instance has processed it.
std::string upload_media(const sdk::Host& host, MastodonApi& api, const sdk::Media& m, const std::string& what) {
    sdk::Multipart body;
    std::string name = m.source.substr(m.source.find_last_of('/') + 1);
    name = name.substr(0, name.find_first_of("?#"));
    if (name.empty() || name.find_first_of("\"\\\r\n") != std::string::npos) name = "upload";
    std::optional<media::LocalMedia> file;  // kept until the upload is sent: a download lives in a temporary file
    if (!api.dry_run()) {
        file.emplace(host, m.source, 100ull << 20, what);
        body.file_from_path("file", name, file->mime_type(), file->path());
    }
    if (!m.alt_text.empty()) body.field("description", m.alt_text);
    const auto reply = api.post_multipart("/api/v2/media", body, "file=" + m.source + (m.alt_text.empty() ? "" : "&description=" + m.alt_text),
                                          "uploading " + what);
    const std::string id = sdk::checked_server_id(reply.json["id"].text(), "a media id", "Mastodon");
    if (reply.status != 202) return id;
    // 202: still processing (video, large images). Poll until 200, within a deadline.
    const bool video = m.kind == AGORAS_MEDIA_VIDEO;
    const sdk::PollPlan plan{500, 5000, 2.0, video ? 600'000u : 120'000u};
    const bool ready = sdk::poll_until(
        host, plan,
        [&] {
            const auto state = api.get("/api/v1/media/" + id, {}, "waiting for " + what);
            return state.status == 200 && !state.json["url"].is_null() && !state.json["url"].text().empty();
        },
        [&](std::uint64_t) { return "the instance is processing " + what; });
    if (!ready) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Mastodon: " + what + " was still being processed after " +
                                                std::string(video ? "10 minutes" : "2 minutes") + "; nothing was posted");
    }
    return id;
}

struct StatusInput {
    std::string text, spoiler, visibility, language, reply_to;
    bool sensitive = false;
};

StatusInput input_of(const sdk::Invocation& call, const sdk::Post& post) {
    StatusInput in;
    in.text = post.link ? (post.text.empty() ? *post.link : post.text + " " + *post.link) : post.text;
    in.spoiler = post.extra("spoiler-text").value_or(call.get_or("spoiler-text", ""));
    in.visibility = post.extra("visibility").value_or(call.get_or("visibility", ""));
    in.language = post.language.value_or(call.get_or("language", ""));
    in.sensitive = post.extra("sensitive").value_or(call.flag("sensitive") ? "true" : "") == "true";
    in.reply_to = post.reply_to.value_or("");
    if (!in.language.empty()) sdk::require_language_tag(in.language);
    if (!in.visibility.empty() && in.visibility != "public" && in.visibility != "unlisted" && in.visibility != "private" &&
        in.visibility != "direct") {
        refuse("--visibility must be public, unlisted, private or direct, not '" + in.visibility + "'");
    }
    return in;
}

Json check(const sdk::Host& host, MastodonApi& api, const StatusInput& in, const sdk::Post& post) {
    const Limits limits = limits_of(host, api);
    const std::size_t length = status_length(in.text, in.spoiler, limits.url_length);
    if (length > limits.max_characters) {
        refuse((in.spoiler.empty() ? "the text comes to " : "the text and content warning come to ") + std::to_string(length) +
               " characters as Mastodon counts them; " + api.instance() + " allows " + std::to_string(limits.max_characters));
    }
    if (post.media.size() > limits.max_media) {
        refuse(std::to_string(post.media.size()) + " attachments; " + api.instance() + " allows " + std::to_string(limits.max_media));
    }
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        if (!media::is_url(post.media[i].source)) media::file_size(post.media[i].source, "file " + std::to_string(i + 1));
    }
    if (in.text.empty() && post.media.empty()) refuse("nothing to post: give a text or an image");
    return Json::object().set("length", length).set("limit", limits.max_characters);
}

void emit_status(const sdk::Host& host, const Json& status, const std::string& reply_to = {}) {
    Json out = Json::object().set("id", sdk::checked_server_id(status["id"].text(), "a status id", "Mastodon"))
                   .set("url", status["url"].text());
    if (!reply_to.empty()) out.set("reply_to", reply_to);
    host.emit(out);
}

}  // namespace

sdk::Capabilities mastodon_capabilities() {
    return sdk::Capabilities("mastodon")
        .text(500, AGORAS_COUNT_GRAPHEMES)
        .url_length(23)
        .max_media(4)
        .media(sdk::MediaLimits(AGORAS_MEDIA_IMAGE)
                   .mime_types({"image/jpeg", "image/png", "image/gif", "image/webp"})
                   .max_bytes(16ull << 20)
                   .per_post(4)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .media(sdk::MediaLimits(AGORAS_MEDIA_VIDEO)
                   .mime_types({"video/mp4", "video/webm", "video/quicktime"})
                   .max_bytes(99ull << 20)
                   .per_post(1)
                   .transfer(AGORAS_TRANSFER_UPLOAD_BYTES))
        .alt_text(1500);
}

Json validate_post(const sdk::Invocation& call, const sdk::Post& post) {
    const Account a = account_of(call);
    MastodonApi api(call.host(), a.instance, call.flag("dry-run"));
    api.set_token(a.token);
    return check(call.host(), api, input_of(call, post), post);
}

void publish_post(const sdk::Invocation& call, const sdk::Post& post) {
    const sdk::Host& host = call.host();
    const Account a = account_of(call);
    MastodonApi api(host, a.instance, call.flag("dry-run"));
    api.set_token(a.token);
    const StatusInput in = input_of(call, post);
    check(host, api, in, post);
    sdk::Params form;
    for (std::size_t i = 0; i < post.media.size(); ++i) {
        const std::string what = (post.media[i].kind == AGORAS_MEDIA_VIDEO ? "the video" : "image " + std::to_string(i + 1));
        form.emplace_back("media_ids[]", upload_media(host, api, post.media[i], what));
    }
    if (!in.text.empty()) form.emplace_back("status", in.text);
    if (!in.spoiler.empty()) form.emplace_back("spoiler_text", in.spoiler);
    if (!in.visibility.empty()) form.emplace_back("visibility", in.visibility);  // absent: the account's default
    if (!in.language.empty()) form.emplace_back("language", in.language);
    if (in.sensitive) form.emplace_back("sensitive", "true");
    if (!in.reply_to.empty()) form.emplace_back("in_reply_to_id", status_id(api, in.reply_to));
    const std::string key = random_key();
    // For reconcile after an interrupted run: the status's request and key, which the instance keeps
    // for an hour (sending them again returns the status if it was made, and makes it once if not).
    if (!api.dry_run()) {
        host.checkpoint(Json::object().set("idempotency_key", key).set("form", sdk::encode_params(form)).set("at", host.now_unix_ms() / 1000));
    }
    const Json status = api.post("/api/v1/statuses", form, in.reply_to.empty() ? "posting" : "replying", key);
    if (api.dry_run()) return;
    emit_status(host, status, in.reply_to);
}

Json reconcile_post(const sdk::Invocation& call, const Json& checkpoint) {
    const std::string key = checkpoint["idempotency_key"].text();
    // No key yet: the run stopped before the status was sent (uploads only, which simply expire).
    if (key.empty()) return Json::object().set("published", false);
    if (call.host().now_unix_ms() / 1000 - checkpoint["at"].integer() > kIdempotencyReuse) {
        throw sdk::Error(AGORAS_ERR_GENERIC, "Mastodon keeps an Idempotency-Key for an hour, and this one is older: "
                                             "check the account");
    }
    const Account a = account_of(call);
    MastodonApi api(call.host(), a.instance, false);
    api.set_token(a.token);
    const Json status = api.post("/api/v1/statuses", sdk::decode_params(checkpoint["form"].text()), "settling the interrupted post", key);
    return Json::object()
        .set("published", true)
        .set("id", sdk::checked_server_id(status["id"].text(), "a status id", "Mastodon"))
        .set("url", status["url"].text());
}

}  // namespace agoras::mastodon
