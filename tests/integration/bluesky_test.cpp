// The real agoras binary and the Bluesky plugin against agoras-sandbox's Bluesky module on loopback:
// sessions kept across runs, every action, and every failure class.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using agoras::Json;
using agoras::test::contains;
using agoras::test::result_of;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;
namespace fs = std::filesystem;

namespace {

constexpr const char* kHandle = "alice.sandbox.test";
constexpr const char* kPassword = "abcd-efgh-ijkl-mnop";
constexpr const char* kAliceDid = "did:plc:sandboxalice0000000000000";
constexpr const char* kBobRoot = "at://did:plc:sandboxbob00000000000000000/app.bsky.feed.post/3kbobroot0000";
constexpr const char* kBobReplyUrl = "https://bsky.app/profile/bob.sandbox.test/post/3kbobreply000";

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"bluesky-it"};
    std::string store() const { return (dir.path() / "store").string(); }
    ProcessOptions env() const { return sandbox.agoras_env(store()); }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const {
        return run_agoras(args, options);
    }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    ProcessResult authorize(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args = {"bluesky", "authorize", "--service", sandbox.url(), "--handle", kHandle,
                                         "--app-password", kPassword};
        args.insert(args.end(), extra.begin(), extra.end());
        return agoras(args);
    }
    Json state() const { return Json::parse(sandbox.get("bluesky/state")); }
    std::vector<Json> records(const std::string& collection) const {
        std::vector<Json> out;
        const Json all = state();
        for (const auto& r : all["records"].items()) {
            if (r["uri"].text().rfind(std::string("at://") + kAliceDid + "/" + collection + "/", 0) == 0) out.push_back(r);
        }
        return out;
    }
    Json only_post() const {
        const auto posts = records("app.bsky.feed.post");
        REQUIRE(posts.size() == 1);
        return posts.front()["value"];
    }
    std::string vault_field(const std::string& field) const {
        return agoras({"utils", "tokens", "show", "--platform", "bluesky", "--identifier", "default", "--field", field}).out;
    }
};

struct Authorized : World {
    Authorized() {
        const auto r = authorize();
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
};

std::string slice(const Json& post, const Json& facet) {
    const std::string text = post["text"].text();
    const auto start = static_cast<std::size_t>(facet["index"]["byteStart"].integer());
    const auto end = static_cast<std::size_t>(facet["index"]["byteEnd"].integer());
    return text.substr(start, end - start);
}

}  // namespace

TEST_CASE("bluesky authorize: one login, the session kept with its PDS, no token printed", "[bluesky]") {
    World w;
    const auto r = w.authorize();
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const Json out = Json::parse(r.out);
    CHECK(out["id"].text() == kAliceDid);
    CHECK(out["handle"].text() == kHandle);
    // The PDS is another origin than the entryway, with /xrpc/ at its root, as real clients expect.
    const std::string port = w.sandbox.url().substr(w.sandbox.url().rfind(':'));
    CHECK(out["pds"].text() == "http://localhost" + port);
    const std::string access = w.vault_field("access_jwt"), refresh = w.vault_field("refresh_jwt");
    REQUIRE(access.size() > 40);
    for (const auto& secret : {access.substr(0, 30), refresh.substr(0, 30), std::string(kPassword)}) {
        CHECK_FALSE(contains(r.out, secret));
        CHECK_FALSE(contains(r.err, secret));
    }
    // Encrypted at rest: no file of the store holds the app password or a token in clear.
    for (const auto& entry : fs::recursive_directory_iterator(w.store())) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK_FALSE(contains(bytes, kPassword));
        CHECK_FALSE(contains(bytes, access.substr(0, 30)));
    }
    CHECK(w.state()["create_session_calls"].integer() == 1);
    const auto shown = w.agoras({"utils", "tokens", "show", "--platform", "bluesky", "--identifier", kHandle});
    CHECK(contains(shown.out, "did: did:plc:sandboxalice"));
    CHECK_FALSE(contains(shown.out, kPassword));  // masked, like every secret field
    CHECK_FALSE(contains(shown.out, access.substr(0, 30)));

    const auto bad = w.agoras({"bluesky", "authorize", "--service", w.sandbox.url(), "--handle", kHandle,
                               "--app-password", "wrong-pass-word-here"});
    CHECK(bad.exit_code == 3);
    CHECK(contains(bad.err, "AuthenticationRequired"));
}

TEST_CASE("bluesky authorize: the login limit ends in exit 4, a non-loopback http:// service is refused", "[bluesky]") {
    World w;
    w.sandbox.control("bluesky/faults", "login_limit=1");
    REQUIRE(w.authorize().exit_code == 0);
    const auto limited = w.authorize();
    CHECK(limited.exit_code == 4);
    CHECK(contains(limited.err, "RateLimitExceeded"));
    const auto plain = w.agoras({"bluesky", "authorize", "--service", "http://bsky.example", "--handle", kHandle,
                                 "--app-password", kPassword});
    CHECK(plain.exit_code == 2);
}

TEST_CASE("bluesky: later runs reuse the stored session and talk to the PDS only", "[bluesky]") {
    Authorized w;
    for (int i = 0; i < 3; ++i) {
        const Json out = result_of(w.agoras({"bluesky", "post", "--text", "run " + std::to_string(i)}));
        CHECK(out["id"].text().rfind(std::string("at://") + kAliceDid + "/app.bsky.feed.post/", 0) == 0);
        CHECK(out["url"].text() == "https://bsky.app/profile/alice.sandbox.test/post/" +
                                       out["id"].text().substr(out["id"].text().rfind('/') + 1));
        CHECK_FALSE(out["cid"].text().empty());
    }
    const Json state = w.state();
    CHECK(state["create_session_calls"].integer() == 1);  // authorize's, no other
    CHECK(state["entryway_requests"].integer() == 1);
    CHECK(w.records("app.bsky.feed.post").size() == 3);
    const Json who = result_of(w.agoras({"bluesky", "whoami"}));
    CHECK(who["id"].text() == kAliceDid);
    CHECK(who["handle"].text() == kHandle);
}

TEST_CASE("bluesky unattended: BLUESKY_* log in once, and the session serves the next runs", "[bluesky]") {
    World w;
    auto env = w.env();
    env.set_env["BLUESKY_HANDLE"] = kHandle;
    env.set_env["BLUESKY_APP_PASSWORD"] = kPassword;
    env.set_env["BLUESKY_SERVICE"] = w.sandbox.url();
    for (int i = 0; i < 3; ++i) result_of(w.agoras({"bluesky", "post", "--text", "from CI"}, env));
    CHECK(w.state()["create_session_calls"].integer() == 1);

    World fresh;
    const auto none = fresh.agoras({"bluesky", "post", "--text", "x"});
    CHECK(none.exit_code == 3);
    CHECK(contains(none.err, "agoras bluesky authorize"));
}

TEST_CASE("bluesky: an expired access token is renewed with the refresh token, which is rotated and kept", "[bluesky]") {
    Authorized w;
    const std::string first_refresh = w.vault_field("refresh_jwt");
    w.sandbox.control("bluesky/faults", "expire_access_tokens=true");
    result_of(w.agoras({"bluesky", "post", "--text", "after expiry"}));
    CHECK(w.state()["refresh_calls"].integer() == 1);
    const std::string second_refresh = w.vault_field("refresh_jwt");
    CHECK(second_refresh != first_refresh);
    // Past the old token's grace period only the rotated one works: it must be the one stored.
    w.sandbox.control("bluesky/clock", "advance_seconds=10800");
    result_of(w.agoras({"bluesky", "post", "--text", "hours later"}));  // the access token ran out by now
    CHECK(w.state()["refresh_calls"].integer() == 2);
    CHECK(w.state()["create_session_calls"].integer() == 1);
    CHECK(w.records("app.bsky.feed.post").size() == 2);
}

TEST_CASE("bluesky: a dead refresh token logs in again with the kept app password, or asks for authorize", "[bluesky]") {
    SECTION("app password kept") {
        Authorized w;
        w.sandbox.control("bluesky/faults", "expire_access_tokens=true&revoke_refresh_tokens=true");
        result_of(w.agoras({"bluesky", "post", "--text", "relogin"}));
        CHECK(w.state()["create_session_calls"].integer() == 2);
    }
    SECTION("--forget-password") {
        World w;
        REQUIRE(w.authorize({"--forget-password"}).exit_code == 0);
        w.sandbox.control("bluesky/faults", "expire_access_tokens=true&revoke_refresh_tokens=true");
        const auto r = w.agoras({"bluesky", "post", "--text", "no way"});
        CHECK(r.exit_code == 3);
        CHECK(contains(r.err, "agoras bluesky authorize"));
        CHECK(w.records("app.bsky.feed.post").empty());
        auto env = w.env();
        env.set_env["BLUESKY_APP_PASSWORD"] = kPassword;  // at hand again: a new login
        result_of(w.agoras({"bluesky", "post", "--text", "now"}, env));
    }
}

TEST_CASE("bluesky text: graphemes are counted, facets cover @handle, #tag and links in UTF-8 bytes", "[bluesky]") {
    Authorized w;
    const auto before = w.state()["pds_requests"].integer();
    std::string long_text;
    for (int i = 0; i < 301; ++i) long_text += "e\xCC\x81";  // 301 graphemes, 602 code points
    const auto refused = w.agoras({"bluesky", "post", "--text", long_text});
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "301"));
    CHECK(w.state()["pds_requests"].integer() == before);  // nothing sent

    std::string flags;
    for (int i = 0; i < 300; ++i) flags += "\xF0\x9F\x87\xA7\xF0\x9F\x87\xB7";  // 300 graphemes, 2400 bytes
    result_of(w.agoras({"bluesky", "post", "--text", flags}));

    Authorized v;
    // Unknown handles stay plain text, whatever the error's name: InvalidRequest (another domain) or HandleNotFound
    // (the PDS's own).
    const std::string text =
        "Olá 👋 @bob.sandbox.test e @ghost.example.org, @nobody.sandbox.test: #Ação em https://example.com/a?b=1.";
    result_of(v.agoras({"bluesky", "post", "--text", text}));
    const Json post = v.only_post();
    CHECK(post["text"].text() == text);
    const Json& facets = post["facets"];
    REQUIRE(facets.size() == 3);
    CHECK(slice(post, facets[0]) == "@bob.sandbox.test");
    CHECK(facets[0]["features"][0]["did"].text() == "did:plc:sandboxbob00000000000000000");
    CHECK(slice(post, facets[1]) == "#Ação");
    CHECK(facets[1]["features"][0]["tag"].text() == "Ação");
    CHECK(slice(post, facets[2]) == "https://example.com/a?b=1");
    CHECK(post["createdAt"].text().back() == 'Z');
}

TEST_CASE("bluesky text: an Indic conjunct is one grapheme, as Unicode 15.1 counts (rule GB9c)", "[bluesky]") {
    Authorized w;
    // क्ष and its equivalents: consonant, virama, consonant. 300 of them are 300 graphemes, not 600.
    for (const std::string conjunct : {"\u0915\u094D\u0937", "\u0995\u09CD\u09B7", "\u0A95\u0ACD\u0AB7",
                                       "\u0C15\u0C4D\u0C37", "\u0D15\u0D4D\u0D37", "\u0B15\u0B4D\u0B37"}) {
        std::string text;
        for (int i = 0; i < 300; ++i) text += conjunct;
        const auto posted = w.agoras({"bluesky", "post", "--text", text});
        INFO(posted.err);
        CHECK(posted.exit_code == 0);
        const auto refused = w.agoras({"bluesky", "post", "--text", text + conjunct});
        CHECK(refused.exit_code == 2);
        CHECK(contains(refused.err, "301"));
    }
    CHECK(w.records("app.bsky.feed.post").size() == 6);

    // A fan-out is not refused as a whole for them either.
    const auto telegram = w.agoras({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token",
                                    "--chat-id", "@sandbox_channel"});
    REQUIRE(telegram.exit_code == 0);
    std::string text;
    for (int i = 0; i < 250; ++i) text += "\u0915\u094D\u0937";
    const auto both = w.agoras({"post", "--to", "telegram,bluesky", "--text", text});
    INFO(both.err);
    CHECK(both.exit_code == 0);
    CHECK(w.records("app.bsky.feed.post").size() == 7);
}

TEST_CASE("bluesky --language: a BCP 47 tag becomes langs, a locale or a name is refused before sending", "[bluesky]") {
    Authorized w;
    const auto before = w.state()["pds_requests"].integer();
    for (const char* wrong : {"en_US", "english", "pt_br"}) {
        const auto refused = w.agoras({"bluesky", "post", "--text", "hello", "--language", wrong});
        CHECK(refused.exit_code == 2);
        CHECK(contains(refused.err, std::string("--language '") + wrong + "' is not a BCP 47 language tag"));
    }
    CHECK(contains(w.agoras({"bluesky", "post", "--text", "hello", "--language", "en_US"}).err, "did you mean 'en-US'"));
    CHECK(w.state()["pds_requests"].integer() == before);
    result_of(w.agoras({"bluesky", "post", "--text", "olá", "--language", "pt-BR"}));
    CHECK(w.only_post()["langs"].serialize() == R"(["pt-BR"])");
}

TEST_CASE("bluesky images: uploaded with their type, alt text and aspect ratio, EXIF gone, big ones made to fit", "[bluesky]") {
    Authorized w;
    const std::string photo = (w.dir.path() / "photo.jpg").string();
    agoras::test::write_file(photo, agoras::test::make_jpeg(2400, 1600, 100, 6));  // over 2 MB, to be turned
    REQUIRE(fs::file_size(photo) > 2'000'000);
    w.sandbox.serve("/pic.png", "image/png", agoras::test::make_png(60, 30));
    result_of(w.agoras({"bluesky", "post", "--text", "pictures", "--image", photo, "--alt-text", "a noisy photo",
                        "--image", w.sandbox.url() + "/web/pic.png", "--alt-text", "a small png"}));
    const Json post = w.only_post();
    const Json& images = post["embed"]["images"];
    REQUIRE(images.size() == 2);
    CHECK(post["embed"]["$type"].text() == "app.bsky.embed.images");
    CHECK(images[0]["alt"].text() == "a noisy photo");
    CHECK(images[0]["image"]["mimeType"].text() == "image/jpeg");
    CHECK(images[0]["aspectRatio"]["width"].integer() * 3 == images[0]["aspectRatio"]["height"].integer() * 2);  // turned upright
    CHECK(images[1]["alt"].text() == "a small png");
    CHECK(images[1]["image"]["mimeType"].text() == "image/png");
    CHECK(images[1]["aspectRatio"]["width"].integer() == 60);
    const Json state = w.state();
    for (const auto& blob : state["blobs"].items()) {
        CHECK(blob["size"].integer() <= 2'000'000);
        CHECK_FALSE(blob["has_exif"].boolean());
    }

    std::vector<std::string> five = {"bluesky", "post", "--text", "too many"};
    for (int i = 0; i < 5; ++i) five.insert(five.end(), {"--image", photo});
    const auto refused = w.agoras(five);
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "at most 4"));
    const auto gif = w.dir.path() / "anim.gif";
    agoras::test::write_file(gif.string(), "GIF89a-not-supported");
    CHECK(w.agoras({"bluesky", "post", "--text", "gif", "--image", gif.string()}).exit_code == 2);
    CHECK(w.records("app.bsky.feed.post").size() == 1);
}

TEST_CASE("bluesky video: an MP4 file is streamed up as a blob and embedded with its alt text", "[bluesky]") {
    Authorized w;
    const auto clip = w.dir.path() / "clip.mp4";
    agoras::test::write_file(clip.string(), std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(200000, 'v'));
    result_of(w.agoras({"bluesky", "video", "--video", clip.string(), "--text", "a clip", "--alt-text", "moving"}));
    const Json post = w.only_post();
    CHECK(post["embed"]["$type"].text() == "app.bsky.embed.video");
    CHECK(post["embed"]["alt"].text() == "moving");
    CHECK(post["embed"]["video"]["mimeType"].text() == "video/mp4");
    CHECK(post["embed"]["video"]["size"].integer() == 200012);
    const auto not_mp4 = w.dir.path() / "clip.mov";
    agoras::test::write_file(not_mp4.string(), "not a video");
    CHECK(w.agoras({"bluesky", "video", "--video", not_mp4.string()}).exit_code == 2);
}

TEST_CASE("bluesky --link: a card from the page's OpenGraph tags and image, an unreachable page still posts", "[bluesky]") {
    Authorized w;
    w.sandbox.serve("/card.jpg", "image/jpeg", agoras::test::make_jpeg(1200, 630, 100));
    w.sandbox.serve("/article", "text/html",
                    "<html><head><title>t</title><meta property='og:title' content='Release 2.0'>"
                    "<meta property='og:description' content='What is new'><meta property='og:image' "
                    "content='/web/card.jpg'></head><body>hi</body></html>");
    const std::string url = w.sandbox.url() + "/web/article";
    result_of(w.agoras({"bluesky", "post", "--text", "Read this", "--link", url}));
    const Json post = w.only_post();
    CHECK(post["text"].text() == "Read this");  // the card carries the link
    const Json& external = post["embed"]["external"];
    CHECK(post["embed"]["$type"].text() == "app.bsky.embed.external");
    CHECK(external["uri"].text() == url);
    CHECK(external["title"].text() == "Release 2.0");
    CHECK(external["description"].text() == "What is new");
    CHECK(external["thumb"]["size"].integer() <= 1'000'000);
    CHECK(external["thumb"]["size"].integer() > 0);

    Authorized v;
    const std::string missing = v.sandbox.url() + "/web/missing";
    const auto r = v.agoras({"bluesky", "post", "--text", "still", "--link", missing});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "link card"));
    CHECK(v.only_post()["embed"]["external"]["title"].text() == missing);
}

TEST_CASE("bluesky --link: a page of several megabytes still gets its card, read from its first 2 MiB", "[bluesky]") {
    Authorized w;
    std::string page = "<html><head><meta property='og:title' content='Long read'>"
                       "<meta property='og:description' content='Five megabytes of it'></head><body>";
    while (page.size() < 5'000'000) page += "<p>Paragraph after paragraph of the article itself.</p>\n";
    w.sandbox.serve("/long", "text/html", page + "</body></html>");
    const auto r = w.agoras({"bluesky", "post", "--text", "long", "--link", w.sandbox.url() + "/web/long"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(contains(r.err, "link card"));  // no warning: the card is whole
    const Json& external = w.only_post()["embed"]["external"];
    CHECK(external["title"].text() == "Long read");
    CHECK(external["description"].text() == "Five megabytes of it");
}

TEST_CASE("bluesky --link: a page cannot make agoras fetch a picture from another server of this machine", "[bluesky]") {
    Authorized w;
    w.sandbox.serve("/secret.jpg", "image/jpeg", agoras::test::make_jpeg(1200, 630, 100));
    std::string elsewhere = w.sandbox.url();  // the same port under another name: another origin
    elsewhere.replace(elsewhere.find("127.0.0.1"), 9, "localhost");
    w.sandbox.serve("/hostile", "text/html",
                    "<html><head><meta property='og:title' content='Look'><meta property='og:image' content='" + elsewhere +
                        "/web/secret.jpg'></head></html>");
    result_of(w.agoras({"bluesky", "post", "--text", "card", "--link", w.sandbox.url() + "/web/hostile"}));
    const Json post = w.only_post();
    CHECK(post["embed"]["external"]["title"].text() == "Look");  // the card, without the picture
    CHECK_FALSE(post["embed"]["external"].has("thumb"));
    CHECK(contains(w.sandbox.get("web?path=/secret.jpg"), "\"hits\":0"));
}

TEST_CASE("bluesky --link: a card's picture is read no further than a card's picture may be", "[bluesky]") {
    Authorized w;
    w.sandbox.serve("/huge.jpg", "image/jpeg", std::string(12'000'000, 'x'));
    w.sandbox.serve("/big", "text/html", "<html><head><meta property='og:title' content='Big'><meta property='og:image' content='/web/huge.jpg'></head></html>");
    const auto r = w.agoras({"bluesky", "post", "--text", "card", "--link", w.sandbox.url() + "/web/big"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "the link card goes without its image"));
    CHECK(contains(r.err, "larger than 4 MiB"));  // stopped at the card's limit, not the 50 MB of a post's image
    CHECK_FALSE(w.only_post()["embed"]["external"].has("thumb"));
}

TEST_CASE("bluesky reply, share, like, delete: strong references by DID, the thread's root kept", "[bluesky]") {
    Authorized w;
    const Json reply = result_of(w.agoras({"bluesky", "reply", "--post-id", kBobReplyUrl, "--text", "agreed"}));
    const Json value = w.only_post();
    CHECK(value["reply"]["root"]["uri"].text() == kBobRoot);
    CHECK(value["reply"]["parent"]["uri"].text() ==
          "at://did:plc:sandboxbob00000000000000000/app.bsky.feed.post/3kbobreply000");

    const Json share = result_of(w.agoras({"bluesky", "share", "--post-id", "at://bob.sandbox.test/app.bsky.feed.post/3kbobroot0000"}));
    CHECK(share["id"].text().rfind(std::string("at://") + kAliceDid + "/app.bsky.feed.repost/", 0) == 0);
    CHECK(w.records("app.bsky.feed.repost").at(0)["value"]["subject"]["uri"].text() == kBobRoot);
    const Json like = result_of(w.agoras({"bluesky", "like", "--post-id", kBobRoot}));
    CHECK(like["id"].text().rfind(std::string("at://") + kAliceDid + "/app.bsky.feed.like/", 0) == 0);
    // Again: the like that exists is the answer, not a new one that would replace it under another id.
    const auto again = w.agoras({"bluesky", "like", "--post-id", kBobRoot});
    CHECK(again.exit_code == 0);
    CHECK(contains(again.err, "already liked"));
    const Json same = result_of(again);
    CHECK(same["id"].text() == like["id"].text());
    CHECK(same["existing"].boolean());
    CHECK(w.records("app.bsky.feed.like").size() == 1);
    CHECK(result_of(w.agoras({"bluesky", "share", "--post-id", kBobRoot}))["id"].text() == share["id"].text());
    CHECK(w.records("app.bsky.feed.repost").size() == 1);

    const Json deleted = result_of(w.agoras({"bluesky", "delete", "--post-id", reply["url"].text()}));
    CHECK(deleted["id"].text() == reply["id"].text());
    CHECK(w.records("app.bsky.feed.post").empty());
    CHECK(w.agoras({"bluesky", "delete", "--post-id", reply["id"].text()}).exit_code == 1);  // gone
    const auto others = w.agoras({"bluesky", "delete", "--post-id", kBobRoot});
    CHECK(others.exit_code == 2);
    CHECK(contains(others.err, "another account"));
    CHECK(w.agoras({"bluesky", "like", "--post-id", "not-a-uri"}).exit_code == 2);
}

TEST_CASE("bluesky failures: throttling, server errors, a lost answer never posts twice", "[bluesky]") {
    Authorized w;
    SECTION("429 until the retries run out: exit 4") {
        w.sandbox.control("bluesky/faults", "rate_limit_next=20");
        const auto r = w.agoras({"bluesky", "post", "--text", "busy"});
        CHECK(r.exit_code == 4);
        CHECK(w.records("app.bsky.feed.post").empty());
    }
    SECTION("one 429 is waited out") {
        w.sandbox.control("bluesky/faults", "rate_limit_next=1");
        result_of(w.agoras({"bluesky", "post", "--text", "patience"}));
    }
    SECTION("the record was stored but the answer was a 502: one post, exit 0") {
        w.sandbox.control("bluesky/faults", "create_then_fail_next=1");
        const Json out = result_of(w.agoras({"bluesky", "post", "--text", "exactly once"}));
        const auto posts = w.records("app.bsky.feed.post");
        REQUIRE(posts.size() == 1);
        CHECK(out["id"].text() == posts[0]["uri"].text());
    }
    SECTION("a 500 before anything was stored: sent once more under the same key") {
        w.sandbox.control("bluesky/faults", "server_error_next=1");
        // The session is opened without a request; the first call is the create.
        result_of(w.agoras({"bluesky", "post", "--text", "second time lucky"}));
        CHECK(w.records("app.bsky.feed.post").size() == 1);
    }
    SECTION("the server rejects the record: exit 5 with its message, not sent again") {
        w.sandbox.control("bluesky/faults", "invalid_request_next=1");
        const auto r = w.agoras({"bluesky", "post", "--text", "rejected"});
        CHECK(r.exit_code == 5);
        CHECK(contains(r.err, "rejected by the sandbox on request"));
        CHECK(w.records("app.bsky.feed.post").empty());
    }
    SECTION("a reply to a post that does not exist: exit 1, nothing sent") {
        const auto r = w.agoras({"bluesky", "reply", "--post-id",
                                 "at://did:plc:sandboxbob00000000000000000/app.bsky.feed.post/3knothere0000", "--text", "to nothing"});
        CHECK(r.exit_code == 1);
        CHECK(contains(r.err, "no post"));
        CHECK(w.records("app.bsky.feed.post").empty());
    }
}

TEST_CASE("agoras post --to threads,bluesky: both get the post, a text too long for Bluesky goes nowhere", "[bluesky][post]") {
    Authorized w;
    const auto threads = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret",
                                   SandboxProcess::kAppSecret});
    INFO(threads.err);
    REQUIRE(threads.exit_code == 0);
    const auto both = w.agoras({"post", "--to", "threads,bluesky", "--text", "one command, two networks"});
    INFO(both.err);
    CHECK(both.exit_code == 0);
    CHECK(contains(both.out, "\"platform\":\"bluesky\""));
    CHECK(contains(both.out, "\"platform\":\"threads\""));
    CHECK(w.records("app.bsky.feed.post").size() == 1);
    CHECK(agoras::test::count_of(w.sandbox.state(), "one command, two networks") == 1);

    const std::string text(400, 'x');  // fits Threads (500), not Bluesky (300)
    const auto refused = w.agoras({"post", "--to", "threads,bluesky", "--text", text});
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "300"));
    CHECK(w.records("app.bsky.feed.post").size() == 1);
    CHECK_FALSE(contains(w.sandbox.state(), text));
}

TEST_CASE("bluesky: no secret in debug logs, and --dry-run sends nothing", "[bluesky]") {
    Authorized w;
    const auto r = w.agoras({"bluesky", "post", "--text", "debugging", "-l", "debug"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.err, "createRecord"));
    CHECK_FALSE(contains(r.err, w.vault_field("access_jwt").substr(0, 30)));
    CHECK_FALSE(contains(r.err, kPassword));
    const auto before = w.state()["pds_requests"].integer();
    const auto dry = w.agoras({"bluesky", "post", "--text", "hi @bob.sandbox.test", "--dry-run"});
    CHECK(dry.exit_code == 0);
    CHECK(contains(dry.out, "\"dry_run\":true"));
    CHECK(contains(dry.out, "com.atproto.repo.createRecord"));
    CHECK(w.state()["pds_requests"].integer() == before);
    const auto login = w.agoras({"bluesky", "authorize", "--service", w.sandbox.url(), "--handle", kHandle,
                                 "--app-password", kPassword, "--dry-run"});
    CHECK(contains(login.out, "[REDACTED]"));
    CHECK_FALSE(contains(login.out, kPassword));
}
