// The real agoras binary and the YouTube plugin against agoras-sandbox's Google and YouTube modules on
// loopback: OAuth with PKCE and offline access, resumable uploads (aligned chunks, 308 and Range, a
// dropped chunk, a lost final answer, a run killed mid-upload and settled on the rerun), privacy forced by
// an unaudited project, quota, and memory that does not grow with the video.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/platform_world.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>


using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::result_of;
using agoras::test::run_agoras;
using agoras::test::run_process;
using agoras::test::SandboxProcess;

namespace {

struct World : agoras::test::PlatformWorld {
    World() : PlatformWorld("youtube") {
        const auto r = agoras({"youtube", "authorize", "--client-id", "sandbox-google-client.apps.googleusercontent.com", "--client-secret",
                               "sandbox-google-secret"});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    std::vector<Json> videos() const { return state()["videos"].items(); }
};

}  // namespace

TEST_CASE("youtube authorize and video: PKCE and offline access, aligned chunks, trimmed tags, no category unless given", "[youtube]") {
    World w;
    CHECK(result_of(w.agoras({"youtube", "whoami"}))["id"].text() == "UCsandboxChannel0000000001");
    const std::string clip = w.video("clip.mp4", (20u << 20) + 5);  // three chunks: 8 MiB, 8 MiB, the rest
    const Json uploaded = result_of(w.agoras({"youtube", "video", "--video-url", clip, "--title", "Release notes", "--keywords", " a, b ,, c",
                                              "--no-notify", "--made-for-kids"}));
    CHECK(uploaded["url"].text() == "https://www.youtube.com/watch?v=" + uploaded["id"].text());
    CHECK(uploaded["privacy"].text() == "private");
    const auto videos = w.videos();
    REQUIRE(videos.size() == 1);
    CHECK(videos[0]["bytes"].integer() == (20 << 20) + 5);
    CHECK(videos[0]["tags"].serialize() == R"(["a","b","c"])");
    CHECK(videos[0]["category"].is_null());
    CHECK_FALSE(videos[0]["notify"].boolean());
    CHECK(videos[0]["status"]["selfDeclaredMadeForKids"].boolean());
    CHECK(w.state()["chunk_puts"].integer() == 3);
}

TEST_CASE("youtube: a dropped chunk and a lost final answer are settled by asking the session: one video", "[youtube]") {
    World w;
    const std::string clip = w.video("clip.mp4", 17u << 20);
    w.fault("fail_chunk_next=1");
    result_of(w.agoras({"youtube", "video", "--video-url", clip, "--title", "dropped chunk"}));
    w.fault("drop_final_answer_next=1");
    const Json second = result_of(w.agoras({"youtube", "video", "--video-url", clip, "--title", "lost answer"}));
    const auto videos = w.videos();
    REQUIRE(videos.size() == 2);
    CHECK((videos[0]["id"].text() == second["id"].text() || videos[1]["id"].text() == second["id"].text()));
    CHECK(w.state()["sessions"].integer() == 2);
}

TEST_CASE("youtube: a post --to killed mid-upload resumes the same session on the rerun, never a second video", "[youtube]") {
    World w;
    const std::string clip = w.video("clip.mp4", 40u << 20);  // five chunks
    w.fault("chunk_latency_ms=400");
    auto env = w.env();
    env.set_env["AGORAS"] = AGORAS_BINARY;
    env.set_env["CLIP"] = clip;
    env.set_env["STATE"] = w.sandbox.url() + "/_sandbox/youtube/state";
    // Killed once two chunks are in.
    const std::string script =
        "\"$AGORAS\" post --to youtube --text 'Release 3.0' --video \"$CLIP\" --idempotency-key yt-1 >/dev/null 2>&1 &\n"
        "for i in $(seq 400); do n=$(curl -s \"$STATE\" | sed -n 's/.*\"chunk_puts\":\\([0-9]*\\).*/\\1/p'); [ \"${n:-0}\" -ge 2 ] && break; sleep 0.05; done\n"
        "kill -9 $!\nwait $! || true\n";
    run_process({"/bin/bash", "-c", script}, env);
    CHECK(w.videos().empty());
    w.fault("chunk_latency_ms=0");
    const auto rerun = w.agoras({"post", "--to", "youtube", "--text", "Release 3.0", "--video", clip, "--idempotency-key", "yt-1"});
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    const auto videos = w.videos();
    REQUIRE(videos.size() == 1);
    CHECK(videos[0]["bytes"].integer() == 40 << 20);
    CHECK(videos[0]["title"].text() == "Release 3.0");
    CHECK(w.state()["sessions"].integer() == 1);  // the same session, finished
}

TEST_CASE("youtube: an unaudited project's upload is stored private, and the run says so", "[youtube]") {
    World w;
    w.fault("unaudited=true");
    const auto r = w.agoras({"youtube", "video", "--video-url", w.video("c.mp4", 1000), "--title", "public please", "--privacy-status", "public"});
    CHECK(result_of(r)["privacy"].text() == "private");
    CHECK(contains(r.err, "audit"));
}

TEST_CASE("youtube: quota is exit 4 at once, a token ended early is refreshed once, a revoked refresh token exit 3, bad input exit 2 first", "[youtube]") {
    World w;
    const std::string clip = w.video("c.mp4", 1000);
    w.fault("upload_quota=0");
    const auto quota = w.agoras({"youtube", "video", "--video-url", clip, "--title", "t"});
    CHECK(quota.exit_code == 4);
    CHECK(contains(quota.err, "midnight Pacific"));
    for (const auto& bad : std::vector<std::vector<std::string>>{
             {"--title", std::string(101, 't')}, {"--title", "a <b>"}, {"--title", "t", "--privacy-status", "secret"},
             {"--title", "t", "--publish-at", "2027-01-01T00:00:00Z", "--privacy-status", "public"}, {"--title", "t", "--category-id", "music"},
             {"--title", "t", "--made-for-kids", "--not-made-for-kids"}}) {
        std::vector<std::string> args{"youtube", "video", "--video-url", clip};
        args.insert(args.end(), bad.begin(), bad.end());
        CHECK(w.agoras(args).exit_code == 2);
    }
    CHECK(w.state()["uploads_today"].integer() == 0);
    // A token Google ended early is refreshed once, and the call made again.
    w.sandbox.control("google/faults", "expire_access_tokens=1");
    CHECK(result_of(w.agoras({"youtube", "whoami"}))["id"].text() == "UCsandboxChannel0000000001");
    CHECK(Json::parse(w.sandbox.get("google/state"))["user_refreshes"].integer() == 1);
    w.sandbox.control("google/faults", "revoke_refresh_tokens=1");
    w.sandbox.control("google/faults", "expire_access_tokens=1");
    const auto revoked = w.agoras({"youtube", "whoami"});
    CHECK(revoked.exit_code == 3);
    CHECK(contains(revoked.err, "agoras youtube authorize"));
}

TEST_CASE("youtube: memory does not grow with the video", "[youtube]") {
    World w;
    const auto small = w.agoras({"youtube", "video", "--video-url", w.video("small.mp4", 1u << 20), "--title", "small"});
    const auto big = w.agoras({"youtube", "video", "--video-url", w.video("big.mp4", 160u << 20), "--title", "big"});
    result_of(small);
    result_of(big);
    INFO("peak RSS " << small.max_rss_kib << " KiB for 1 MiB, " << big.max_rss_kib << " KiB for 160 MiB");
    CHECK(big.max_rss_kib - small.max_rss_kib < 16 * 1024);
#ifndef __SANITIZE_ADDRESS__  // the sanitizers' own memory is not agoras's
    CHECK(big.max_rss_kib < 48 * 1024);
#endif
    std::int64_t largest = 0;
    for (const auto& video : w.videos()) largest = std::max(largest, video["bytes"].integer());
    CHECK(largest == 160 << 20);
}

TEST_CASE("youtube: like, delete with URLs, post --to without a video refused before sending, --dry-run sends nothing", "[youtube]") {
    World w;
    const Json uploaded = result_of(w.agoras({"youtube", "video", "--video-url", w.video("c.mp4", 1000), "--title", "t"}));
    CHECK(result_of(w.agoras({"youtube", "like", "--post-id", "https://youtu.be/" + uploaded["id"].text()}))["liked"].boolean());
    CHECK(result_of(w.agoras({"youtube", "delete", "--post-id", uploaded["url"].text()}))["deleted"].boolean());
    CHECK(w.agoras({"youtube", "delete", "--post-id", "https://evil.example/watch?v=abcdefghijk"}).exit_code == 2);
    const auto no_video = w.agoras({"post", "--to", "youtube", "--text", "no video here"});
    CHECK(no_video.exit_code == 2);
    const auto dry = w.agoras({"youtube", "video", "--dry-run", "--video-url", w.video("d.mp4", 1000), "--title", "dry"});
    CHECK(dry.exit_code == 0);
    CHECK(w.state()["uploads_today"].integer() == 1);
}
