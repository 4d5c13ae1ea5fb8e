// The real agoras binary and the Facebook Pages plugin against agoras-sandbox's Facebook module.
#include "support/process.hpp"
#include "support/results.hpp"
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

constexpr const char* kClientId = "987654321";
constexpr const char* kSecret = "sandbox-facebook-secret";

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"facebook-it"};
    ProcessOptions env(const std::string& store = "store") const { return sandbox.agoras_env((dir.path() / store).string()); }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const { return run_agoras(args, options); }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    ProcessResult authorize(std::vector<std::string> extra = {}) const {
        std::vector<std::string> args = {"facebook", "authorize", "--client-id", kClientId, "--client-secret", kSecret};
        args.insert(args.end(), extra.begin(), extra.end());
        return agoras(args);
    }
    std::vector<Json> posts() const {
        const Json state = Json::parse(sandbox.get("facebook/state"));
        return state["posts"].items();
    }
};

}  // namespace

TEST_CASE("facebook authorize: Facebook Login, the long-lived token, the Page's token, several Pages need --object-id", "[facebook]") {
    World w;
    const auto r = w.authorize();
    const Json out = result_of(r);
    CHECK(out["id"].text() == "111111111");
    CHECK(out["name"].text() == "Sandbox Page");
    const std::string page_token = w.agoras({"utils", "tokens", "show", "--platform", "facebook", "--identifier", "default",
                                             "--field", "page_token"}).out;
    REQUIRE(page_token.rfind("FBPG", 0) == 0);
    CHECK_FALSE(contains(r.out + r.err, page_token.substr(0, 20)));
    CHECK_FALSE(contains(r.out + r.err, kSecret));

    World v;
    v.sandbox.control("facebook/faults", "pages=2");
    const auto several = v.authorize();
    CHECK(several.exit_code == 2);
    CHECK(contains(several.err, "111111111 (Sandbox Page), 222222222 (Second Page)"));
    CHECK(result_of(v.authorize({"--object-id", "222222222"}))["name"].text() == "Second Page");
    CHECK(v.authorize({"--object-id", "333"}).exit_code == 2);
    CHECK(v.agoras({"facebook", "authorize", "--client-id", kClientId, "--client-secret", "wrong"}).exit_code == 3);
}

TEST_CASE("facebook post, video, like, share, delete, whoami", "[facebook]") {
    World w;
    REQUIRE(w.authorize().exit_code == 0);
    const Json posted = result_of(w.agoras({"facebook", "post", "--text", "Release 2.0", "--link", "https://example.com/2.0",
                                            "--image", "https://example.com/a.jpg", "--image", "https://example.com/b.jpg"}));
    CHECK(posted["url"].text() == "https://www.facebook.com/" + posted["id"].text());
    REQUIRE(w.posts().size() == 1);
    CHECK(w.posts()[0]["photos"].integer() == 2);  // unpublished photos attached to the one post
    CHECK(w.posts()[0]["link"].text() == "https://example.com/2.0");
    const std::string id = posted["id"].text();
    CHECK(result_of(w.agoras({"facebook", "like", "--post-id", id}))["liked"].boolean());
    CHECK(result_of(w.agoras({"facebook", "share", "--post-id", id, "--profile-id", "111111111"}))["shared"].text() == id);
    CHECK(result_of(w.agoras({"facebook", "video", "--video-url", "https://example.com/v.mp4", "--video-title", "Demo"}))["id"].text() != "");
    CHECK(result_of(w.agoras({"facebook", "delete", "--post-id", id}))["deleted"].boolean());
    CHECK(w.agoras({"facebook", "delete", "--post-id", id}).exit_code == 5);  // no such object any more
    CHECK(result_of(w.agoras({"facebook", "whoami"}))["name"].text() == "Sandbox Page");
    CHECK(w.agoras({"facebook", "like", "--post-id", "../x"}).exit_code == 2);
    CHECK(w.agoras({"facebook", "post", "--text", "local", "--image", "/tmp/a.jpg"}).exit_code == 2);
}

TEST_CASE("facebook errors: a duplicate (506), an expired token (190), a missing permission (200)", "[facebook]") {
    World w;
    REQUIRE(w.authorize().exit_code == 0);
    result_of(w.agoras({"facebook", "post", "--text", "same words"}));
    const auto duplicate = w.agoras({"facebook", "post", "--text", "same words"});
    CHECK(duplicate.exit_code == 5);
    CHECK(contains(duplicate.err, "duplicate"));
    w.sandbox.control("facebook/faults", "deny_permissions=true");
    const auto denied = w.agoras({"facebook", "post", "--text", "needs a permission"});
    CHECK(denied.exit_code == 3);
    CHECK(contains(denied.err, "permission"));
    w.sandbox.control("facebook/faults", "deny_permissions=false&expire_tokens=true");
    const auto expired = w.agoras({"facebook", "post", "--text", "too late"});
    CHECK(expired.exit_code == 3);
    CHECK(contains(expired.err, "agoras facebook authorize"));
    CHECK(w.posts().size() == 1);
}

TEST_CASE("facebook unattended: FACEBOOK_OBJECT_ID and FACEBOOK_REFRESH_TOKEN, --dry-run and post --to", "[facebook][post]") {
    World w;
    REQUIRE(w.authorize().exit_code == 0);
    std::string user_token = w.agoras({"utils", "tokens", "show", "--platform", "facebook", "--identifier", "default",
                                       "--field", "refresh_token"}).out;
    while (!user_token.empty() && user_token.back() == '\n') user_token.pop_back();
    auto ci = w.env("ci-store");
    ci.set_env["FACEBOOK_OBJECT_ID"] = "111111111";
    ci.set_env["FACEBOOK_REFRESH_TOKEN"] = user_token;
    result_of(w.agoras({"facebook", "post", "--text", "from CI"}, ci));
    const auto dry = w.agoras({"facebook", "post", "--text", "rehearsal", "--dry-run"}, ci);
    CHECK(dry.exit_code == 0);
    CHECK(contains(dry.out, "\"dry_run\":true"));
    CHECK_FALSE(contains(dry.out, user_token.substr(0, 20)));
    CHECK(w.posts().size() == 1);
    const auto both = w.agoras({"post", "--to", "facebook", "--text", "through post --to"});
    INFO(both.err);
    CHECK(contains(both.out, "\"platform\":\"facebook\",\"account\":null,\"status\":\"published\""));
    CHECK(w.posts().size() == 2);
}

TEST_CASE("instagram: one Facebook login serves both, images, carousels, reels and stories, quota and whoami", "[facebook][instagram]") {
    World w;
    REQUIRE(w.authorize().exit_code == 0);
    const auto ig = w.agoras({"instagram", "authorize"});
    INFO(ig.err);
    CHECK(result_of(ig)["username"].text() == "sandbox_ig");
    CHECK(contains(ig.err, "no second login"));
    const Json photo = result_of(w.agoras({"instagram", "post", "--text", "a photo", "--image", "https://example.com/a.jpg",
                                           "--alt-text", "a described photo"}));
    CHECK(photo["url"].text() == "https://www.instagram.com/p/SB" + photo["id"].text() + "/");
    result_of(w.agoras({"instagram", "post", "--text", "three", "--image", "https://example.com/1.jpg", "--image",
                        "https://example.com/2.jpg", "--image", "https://example.com/3.jpg"}));
    result_of(w.agoras({"instagram", "video", "--video-url", "https://example.com/v.mp4", "--video-caption", "a reel"}));
    result_of(w.agoras({"instagram", "video", "--video-url", "https://example.com/s.mp4", "--video-type", "STORIES"}));
    const Json state = Json::parse(w.sandbox.get("facebook/state"));
    const auto& media = state["instagram"].items();
    REQUIRE(media.size() == 4);
    CHECK(media[0]["kind"].text() == "IMAGE");
    CHECK(media[1]["kind"].text() == "CAROUSEL");
    CHECK(media[1]["children"].integer() == 3);
    CHECK(media[2]["kind"].text() == "REELS");
    CHECK(media[3]["kind"].text() == "STORIES");
    const Json quota = result_of(w.agoras({"instagram", "quota"}));
    CHECK(quota["used"].integer() == 4);
    CHECK(quota["limit"].integer() == 50);
    CHECK(result_of(w.agoras({"instagram", "whoami"}))["url"].text() == "https://www.instagram.com/sandbox_ig");

    const auto text_only = w.agoras({"instagram", "post", "--text", "no picture"});
    CHECK(text_only.exit_code == 2);
    CHECK(contains(text_only.err, "no text-only posts"));
    CHECK(w.agoras({"instagram", "post", "--text", std::string(2201, 'c'), "--image", "https://example.com/a.jpg"}).exit_code == 2);
    CHECK(w.agoras({"instagram", "video", "--video-url", "https://example.com/v.mp4", "--video-type", "IGTV"}).exit_code == 2);
    CHECK(Json::parse(w.sandbox.get("facebook/state"))["instagram"].size() == 4);
    // A container Meta could not process ends the run with Meta's words; nothing is published.
    w.sandbox.control("facebook/faults", "ig_container_error=Error: the image could not be downloaded");
    const auto failed = w.agoras({"instagram", "post", "--text", "broken", "--image", "https://example.com/404.jpg"});
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "could not be downloaded"));
    CHECK(Json::parse(w.sandbox.get("facebook/state"))["instagram"].size() == 4);
    w.sandbox.control("facebook/faults", "expire_tokens=true");
    const auto expired = w.agoras({"instagram", "post", "--text", "late", "--image", "https://example.com/a.jpg"});
    CHECK(expired.exit_code == 3);
    CHECK(contains(expired.err, "agoras instagram authorize"));
    w.sandbox.control("facebook/faults", "expire_tokens=false");
    // post --to refuses before sending anywhere when Instagram cannot take the post.
    const auto refused = w.agoras({"post", "--to", "facebook,instagram", "--text", "words only"});
    CHECK(refused.exit_code == 2);
    CHECK(w.posts().empty());
}
