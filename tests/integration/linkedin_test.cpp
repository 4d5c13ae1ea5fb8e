// The real agoras binary and the LinkedIn plugin against agoras-sandbox's LinkedIn module on loopback:
// OAuth with and without refresh tokens, text that arrives exactly as written, member and page authors,
// every kind of media, the version header, and every failure class.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/platform_world.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::result_of;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

struct World : agoras::test::PlatformWorld {
    World() : PlatformWorld("linkedin") {}
    std::vector<Json> posts() const { return state()["posts"].items(); }
    ProcessResult authorize(const std::string& scopes = "openid profile w_member_social w_organization_social") const {
        return agoras({"linkedin", "authorize", "--client-id", "sandbox-linkedin-client", "--client-secret", "sandbox-linkedin-secret",
                       "--scopes", scopes});
    }
};

struct Authorized : World {
    Authorized() {
        const auto r = authorize();
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
};

}  // namespace

TEST_CASE("linkedin authorize: the code exchanged, the member from userinfo, the 60-day expiry said and stored", "[linkedin]") {
    World w;
    const auto r = w.authorize("openid profile w_member_social");
    const Json out = result_of(r);
    CHECK(out["urn"].text() == "urn:li:person:sbxMember01");
    CHECK(contains(r.err, "no refresh token"));
    const Json status = Json::parse(w.agoras({"auth", "status", "--platform", "linkedin"}).out);
    CHECK(status["state"].text() == "ok");
    CHECK(status["expires_at"].integer() > 0);
    CHECK(result_of(w.agoras({"linkedin", "whoami"}))["name"].text() == "Ada Lovelace");
    // Past its 60 days: exit 3 naming authorize, nothing sent.
    w.fault("expire_tokens=1");
    auto later = w.env();
    later.set_env["AGORAS_NOW"] = std::to_string(out["expires_at"].integer() + 10);
    const auto expired = w.agoras({"linkedin", "post", "--text", "late"}, later);
    CHECK(expired.exit_code == 3);
    CHECK(contains(expired.err, "agoras linkedin authorize"));
    CHECK(w.posts().empty());
}

TEST_CASE("linkedin: a partner app's refresh token renews the access token before it runs out", "[linkedin]") {
    World w;
    w.fault("partner=true");
    const Json out = result_of(w.authorize());
    w.fault("expire_tokens=1");
    auto later = w.env();
    later.set_env["AGORAS_NOW"] = std::to_string(out["expires_at"].integer() - 3600);  // within the last day
    result_of(w.agoras({"linkedin", "post", "--text", "renewed"}, later));
    CHECK(w.posts().size() == 1);
}

TEST_CASE("linkedin post: the text arrives exactly as written, every reserved character of the little format included", "[linkedin]") {
    Authorized w;
    const std::string text = "Launch (v2) of #agoras for @team_x: {a|b} [c] <d> *e* ~f~ \\g";
    const Json posted = result_of(w.agoras({"linkedin", "post", "--text", text}));
    CHECK(posted["url"].text() == "https://www.linkedin.com/feed/update/" + posted["id"].text() + "/");
    const auto posts = w.posts();
    REQUIRE(posts.size() == 1);
    CHECK(posts[0]["rendered"].text() == text);  // an unescaped "(" would have ended it at "Launch "
    const Json versions = w.state()["versions"];
    REQUIRE(versions.size() == 1);
    CHECK(versions[0].text() == "202603");
}

TEST_CASE("linkedin post: a link is an article titled by the page, never by the post text", "[linkedin]") {
    Authorized w;
    w.sandbox.serve("/release", "text/html", "<html><head><meta property=\"og:title\" content=\"agoras 3.0 is out\"></head></html>");
    result_of(w.agoras({"linkedin", "post", "--text", "New release", "--link", w.sandbox.url() + "/web/release"}));
    CHECK(w.posts()[0]["content"].text() == "article:agoras 3.0 is out");
}

TEST_CASE("linkedin post: one image, several (multiImage), a document, a video in exact byte ranges with ETags", "[linkedin]") {
    Authorized w;
    const std::string a = w.file("a.jpg", agoras::test::make_jpeg(64, 64)), b = w.file("b.png", agoras::test::make_png(16, 16));
    result_of(w.agoras({"linkedin", "post", "--text", "one", "--image", a, "--alt-text", "a square"}));
    result_of(w.agoras({"linkedin", "post", "--text", "two", "--image", a, "--image", b}));
    result_of(w.agoras({"linkedin", "post", "--text", "slides", "--document", w.file("d.pdf", "%PDF-1.4 slides"), "--document-title", "Q3"}));
    w.fault("part_bytes=1000000");
    w.fault("processing_polls=2");
    const std::string clip = w.file("clip.mp4", std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(2500000, 'v'));
    result_of(w.agoras({"linkedin", "video", "--video-url", clip, "--video-title", "demo"}));
    const auto posts = w.posts();
    REQUIRE(posts.size() == 4);
    CHECK(posts[0]["content"].text() == "image");
    CHECK(posts[1]["content"].text() == "multiImage");
    CHECK(posts[1]["media"].size() == 2);
    CHECK(posts[2]["content"].text() == "document");
    CHECK(posts[3]["content"].text() == "video");
    // A video LinkedIn cannot process: exit 5, nothing posted.
    w.fault("fail_processing=true");
    const auto failed = w.agoras({"linkedin", "video", "--video-url", clip});
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "PROCESSING_FAILED"));
    CHECK(w.posts().size() == 4);
}

TEST_CASE("linkedin --organization: posts as the page with a first comment, and a page without a role is refused", "[linkedin]") {
    Authorized w;
    const Json posted = result_of(w.agoras({"linkedin", "post", "--organization", "12345678", "--text", "From the page", "--first-comment",
                                            "Details (in the comments) #1"}));
    CHECK_FALSE(posted["comment_id"].text().empty());
    const auto posts = w.posts();
    CHECK(posts[0]["author"].text() == "urn:li:organization:12345678");
    CHECK(posts[0]["comments"][0].text() == "Details (in the comments) #1");
    const auto refused = w.agoras({"linkedin", "post", "--organization", "87654321", "--text", "not mine"});
    CHECK(refused.exit_code == 5);
    CHECK(contains(refused.err, "no role"));
    CHECK(w.agoras({"linkedin", "post", "--organization", "acme", "--text", "x"}).exit_code == 2);
}

TEST_CASE("linkedin: a lost answer is found for a page, unknown for a member, and never re-sent", "[linkedin]") {
    Authorized w;
    w.fault("drop_create_answer_next=1");
    const auto found = w.agoras({"linkedin", "post", "--organization", "12345678", "--text", "once (only)"});
    const Json posted = result_of(found);
    CHECK(contains(found.err, "instead of posting again"));
    REQUIRE(w.posts().size() == 1);
    CHECK(posted["id"].text() == w.posts()[0]["id"].text());
    w.fault("drop_create_answer_next=1");
    const auto unknown = w.agoras({"linkedin", "post", "--text", "as a member"});
    CHECK(unknown.exit_code == 6);
    CHECK(contains(unknown.err, "unknown"));
    CHECK(w.posts().size() == 2);
}

TEST_CASE("linkedin: a sunset version names AGORAS_LINKEDIN_VERSION, 429 is waited out then exit 4, 3001 characters are refused", "[linkedin]") {
    Authorized w;
    auto old = w.env();
    old.set_env["AGORAS_LINKEDIN_VERSION"] = "202401";
    const auto sunset = w.agoras({"linkedin", "post", "--text", "x"}, old);
    CHECK(sunset.exit_code == 5);
    CHECK(contains(sunset.err, "AGORAS_LINKEDIN_VERSION"));
    old.set_env["AGORAS_LINKEDIN_VERSION"] = "march";
    CHECK(w.agoras({"linkedin", "post", "--text", "x"}, old).exit_code == 2);
    w.fault("rate_limit_next=1");
    result_of(w.agoras({"linkedin", "post", "--text", "after a wait"}));
    w.fault("rate_limit_next=10");
    const auto limited = w.agoras({"linkedin", "post", "--text", "busy"});
    CHECK(limited.exit_code == 4);
    CHECK(contains(limited.err, "midnight UTC"));
    w.fault("rate_limit_next=0");
    CHECK(w.agoras({"linkedin", "post", "--text", std::string(3001, 'a')}).exit_code == 2);
    result_of(w.agoras({"linkedin", "post", "--text", std::string(3000, 'a')}));
    CHECK(w.posts().size() == 2);
}

TEST_CASE("linkedin share, like, delete: --post-id takes a URN or a feed URL", "[linkedin]") {
    Authorized w;
    const Json posted = result_of(w.agoras({"linkedin", "post", "--text", "original"}));
    const Json shared = result_of(w.agoras({"linkedin", "share", "--post-id", posted["url"].text(), "--text", "worth reading (really)"}));
    CHECK(shared["reshared"].text() == posted["id"].text());
    CHECK(result_of(w.agoras({"linkedin", "like", "--post-id", posted["id"].text()}))["liked"].boolean());
    CHECK(result_of(w.agoras({"linkedin", "delete", "--post-id", posted["id"].text()}))["deleted"].boolean());
    CHECK(w.agoras({"linkedin", "delete", "--post-id", posted["id"].text()}).exit_code == 1);
    const auto posts = w.posts();
    CHECK(posts[1]["parent"].text() == posted["id"].text());
    CHECK(posts[1]["rendered"].text() == "worth reading (really)");
}

TEST_CASE("linkedin: LINKEDIN_ACCESS_TOKEN without a vault, --dry-run sends nothing, post --to linkedin", "[linkedin]") {
    Authorized w;
    const std::string token = w.agoras({"utils", "tokens", "show", "--platform", "linkedin", "--identifier", "default", "--field",
                                        "access_token"}).out;
    auto env = w.env();
    env.set_env["LINKEDIN_ACCESS_TOKEN"] = token.substr(0, token.find('\n'));
    env.set_env["AGORAS_STORAGE_DIR"] = (w.dir.path() / "empty").string();
    result_of(w.agoras({"linkedin", "post", "--text", "from CI"}, env));
    const int calls = static_cast<int>(w.state()["calls"].integer());
    const auto dry = w.agoras({"linkedin", "post", "--dry-run", "--text", "dry (run)"});
    CHECK(dry.exit_code == 0);
    const Json line = Json::parse(dry.out.substr(0, dry.out.find('\n')));
    CHECK(Json::parse(line["body"].text())["commentary"].text() == "dry \\(run\\)");
    CHECK(w.state()["calls"].integer() == calls);
    result_of(w.agoras({"post", "--to", "linkedin", "--text", "everywhere", "--idempotency-key", "li-1"}));
    CHECK(w.agoras({"post", "--to", "linkedin", "--text", "everywhere", "--idempotency-key", "li-1"}).exit_code == 0);
    CHECK(w.posts().size() == 2);
}
