// The real agoras binary and the TikTok plugin against agoras-sandbox's TikTok module on loopback:
// PKCE login, rotating refresh tokens (in the vault, across parallel runs and CI runs), creator_info
// before any upload, FILE_UPLOAD chunk arithmetic, drafts, photos from a verified prefix, the status
// machine with FAILED, and the rate limit.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/platform_world.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <ctime>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::result_of;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

struct World : agoras::test::PlatformWorld {
    World() : PlatformWorld("tiktok") {
        const auto r = agoras({"tiktok", "authorize", "--client-key", "sandboxtiktokkey", "--client-secret", "sandbox-tiktok-secret"});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    // `env` with agoras's clock `hours` ahead: its access tokens (two hours long) are due.
    static ProcessOptions later(ProcessOptions env, int hours) {
        env.set_env["AGORAS_NOW"] = std::to_string(std::time(nullptr) + hours * 3600);
        return env;
    }
    std::vector<Json> posts() const { return state()["posts"].items(); }
};

}  // namespace

TEST_CASE("tiktok video: creator_info first, FILE_UPLOAD in TikTok's chunks, the status until PUBLISH_COMPLETE", "[tiktok]") {
    World w;
    const Json out = result_of(w.agoras({"tiktok", "video", "--video-url", w.video("a.mp4", (23u << 20) + 7), "--title", "launch day #fyp",
                                         "--privacy-status", "PUBLIC_TO_EVERYONE", "--allow-comments"}));
    CHECK(out["status"].text() == "PUBLISH_COMPLETE");
    CHECK_FALSE(out["post_id"].text().empty());
    const auto posts = w.posts();
    REQUIRE(posts.size() == 1);
    CHECK(posts[0]["chunks"].integer() == 2);  // 10 MiB chunks: 23 MiB / 10 MiB rounded down, the last takes the rest
    CHECK(posts[0]["received"].integer() == (23 << 20) + 7);
    CHECK(posts[0]["title"].text() == "launch day #fyp");
    // A small file is one chunk of its own size.
    result_of(w.agoras({"tiktok", "video", "--video-url", w.video("small.mp4", 1000)}));
    CHECK(w.posts()[1]["chunks"].integer() == 1);
    // While TikTok moderates, the public id is not there yet: null.
    w.fault("moderation_polls=100");
    const Json moderated = result_of(w.agoras({"tiktok", "video", "--video-url", w.video("m.mp4", 1000), "--privacy-status", "PUBLIC_TO_EVERYONE"}));
    CHECK(moderated["post_id"].is_null());
}

TEST_CASE("tiktok: a privacy level the creator is not offered is exit 2 before any upload, FAILED is exit 5 with the reason", "[tiktok]") {
    World w;
    w.fault("privacy_options=SELF_ONLY,MUTUAL_FOLLOW_FRIENDS");
    const auto refused = w.agoras({"tiktok", "video", "--video-url", w.video("a.mp4", 1000), "--privacy-status", "PUBLIC_TO_EVERYONE"});
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "SELF_ONLY, MUTUAL_FOLLOW_FRIENDS"));
    CHECK(w.posts().empty());
    CHECK(w.agoras({"tiktok", "video", "--video-url", w.video("b.mp4", 1000), "--privacy-status", "ONLY_ME"}).exit_code == 2);
    w.fault("fail_reason=file_format_check_failed");
    const auto failed = w.agoras({"tiktok", "video", "--video-url", w.video("c.mp4", 1000)});
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "file_format_check_failed"));
}

TEST_CASE("tiktok --inbox: a draft through the inbox endpoint, SEND_TO_USER_INBOX", "[tiktok]") {
    World w;
    CHECK(result_of(w.agoras({"tiktok", "video", "--inbox", "--video-url", w.video("a.mp4", 1000)}))["status"].text() == "SEND_TO_USER_INBOX");
    CHECK(w.posts()[0]["mode"].text() == "inbox");
}

TEST_CASE("tiktok: rotating refresh tokens are refreshed once for parallel runs, and the newest is kept", "[tiktok]") {
    World w;
    w.fault("expire_access_tokens=1");
    const auto runs = agoras::test::run_agoras_concurrently(4, {"tiktok", "whoami"}, World::later(w.env(), 3));
    for (const auto& r : runs) {
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(w.state()["refreshes"].integer() == 1);
    CHECK(w.state()["spent_refresh_uses"].integer() == 0);
    w.fault("expire_access_tokens=1");
    result_of(w.agoras({"tiktok", "whoami"}, World::later(w.env(), 6)));  // the stored, newest token still works
    CHECK(w.state()["refreshes"].integer() == 2);
    // A token TikTok ends early (the clock says it is fine) is refreshed once, and the call made again.
    w.fault("expire_access_tokens=1");
    result_of(w.agoras({"tiktok", "whoami"}, World::later(w.env(), 6)));
    CHECK(w.state()["refreshes"].integer() == 3);
}

TEST_CASE("tiktok unattended: TIKTOK_REFRESH_TOKEN is spent on first use, said, and the next run continues from the vault", "[tiktok]") {
    World w;
    const std::string seed = w.agoras({"utils", "tokens", "show", "--platform", "tiktok", "--identifier", "default", "--field", "refresh_token"}).out;
    auto ci = w.env();
    ci.set_env["AGORAS_STORAGE_DIR"] = (w.dir.path() / "ci-cache").string();
    ci.set_env["TIKTOK_CLIENT_KEY"] = "sandboxtiktokkey";
    ci.set_env["TIKTOK_CLIENT_SECRET"] = "sandbox-tiktok-secret";
    ci.set_env["TIKTOK_REFRESH_TOKEN"] = seed.substr(0, seed.find('\n'));
    const auto first = w.agoras({"tiktok", "whoami"}, ci);
    result_of(first);
    CHECK(contains(first.err, "now spent"));
    w.fault("expire_access_tokens=1");
    result_of(w.agoras({"tiktok", "whoami"}, World::later(ci, 3)));  // the cached vault holds the rotated token
    ci.set_env["AGORAS_STORAGE_DIR"] = (w.dir.path() / "no-cache").string();
    const auto spent = w.agoras({"tiktok", "whoami"}, ci);
    CHECK(spent.exit_code == 3);
    CHECK(contains(spent.err, "agoras tiktok authorize"));
}

TEST_CASE("tiktok photos: pulled from a verified prefix only, never local files, and post --to needs media", "[tiktok]") {
    World w;
    CHECK(w.agoras({"tiktok", "post", "--title", "t", "--image", w.video("x.jpg", 100)}).exit_code == 2);
    const auto unverified = w.agoras({"tiktok", "post", "--title", "t", "--image", "https://cdn.example.com/a.jpg"});
    CHECK(unverified.exit_code == 5);
    w.fault("verified_prefix=https://cdn.example.com/");
    CHECK(result_of(w.agoras({"tiktok", "post", "--title", "gallery", "--text", "three photos", "--image", "https://cdn.example.com/a.jpg",
                              "--image", "https://cdn.example.com/b.jpg"}))["status"].text() == "PUBLISH_COMPLETE");
    CHECK(w.posts().back()["photos"].size() == 2);
    CHECK(w.agoras({"post", "--to", "tiktok", "--text", "no media"}).exit_code == 2);
}

TEST_CASE("tiktok: six inits a minute, then exit 4, and --dry-run sends nothing", "[tiktok]") {
    World w;
    const std::string clip = w.video("a.mp4", 1000);
    for (int i = 0; i < 6; ++i) result_of(w.agoras({"tiktok", "video", "--video-url", clip}));
    const auto limited = w.agoras({"tiktok", "video", "--video-url", clip});
    CHECK(limited.exit_code == 4);
    const int calls = static_cast<int>(w.state()["calls"].integer());
    CHECK(w.agoras({"tiktok", "video", "--dry-run", "--video-url", clip}).exit_code == 0);
    CHECK(w.state()["calls"].integer() == calls);
}
