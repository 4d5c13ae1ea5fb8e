// The real agoras binary and the X plugin against agoras-sandbox's X module on loopback: OAuth 1.0a
// (loopback callback and PIN), signed requests, weighted text, media simple and chunked, the
// no-blind-resend rule for a lost create, and every failure class X has.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/platform_world.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::result_of;
using agoras::test::run_agoras;
using agoras::test::run_process;
using agoras::test::SandboxProcess;

namespace {

constexpr const char* kKey = "sandbox-x-consumer-key";
constexpr const char* kSecret = "sandbox-x-consumer-secret";

struct World : agoras::test::PlatformWorld {
    World() : PlatformWorld("x") {}
    std::vector<Json> posts() const { return state()["posts"].items(); }
    std::string seed(const std::string& text) const {
        return Json::parse(run_process({"/usr/bin/curl", "-sf", "-X", "POST", "--data-urlencode", "text=" + text,
                                        sandbox.url() + "/_sandbox/x/seed"}).out)["id"].text();
    }
};

struct Authorized : World {
    Authorized() {
        const auto r = agoras({"x", "authorize", "--consumer-key", kKey, "--consumer-secret", kSecret});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
};

std::string mp4(std::size_t size) { return std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(size - 12, 'v'); }

}  // namespace

TEST_CASE("x authorize: OAuth 1.0a through the loopback callback, the tokens go to the vault, never to the terminal", "[x]") {
    World w;
    const auto r = w.agoras({"x", "authorize", "--consumer-key", kKey, "--consumer-secret", kSecret});
    const Json out = result_of(r);
    CHECK(out["username"].text() == "agoras_dev");
    CHECK(out["id"].text() == "1500000000000000001");
    const std::string token = w.agoras({"utils", "tokens", "show", "--platform", "x", "--identifier", "default", "--field", "oauth_token"}).out;
    REQUIRE(token.rfind("1500000000000000001-", 0) == 0);
    CHECK_FALSE(contains(r.out + r.err, token));
    CHECK(w.state()["bad_signatures"].integer() == 0);
    CHECK(result_of(w.agoras({"x", "whoami"}))["username"].text() == "agoras_dev");
    // unattended-format exports the original's four variables.
    const auto exported = w.agoras({"utils", "tokens", "unattended-format", "--platform", "x"});
    for (const char* name : {"TWITTER_CONSUMER_KEY", "TWITTER_CONSUMER_SECRET", "TWITTER_OAUTH_TOKEN", "TWITTER_OAUTH_SECRET"}) {
        CHECK(contains(exported.out, name));
    }
}

TEST_CASE("x authorize: a callback for another request token is refused, said at once, and the wait goes on", "[x]") {
    World w;
    auto env = w.env();
    // The "browser" first hits the callback with a forged token, then follows the real authorize URL.
    env.set_env["BROWSER"] = "sh -c 'curl -s -o /dev/null \"http://127.0.0.1:$AGORAS_OAUTH_PORT/callback?oauth_token=forged&oauth_verifier=v\"; "
                             "curl -sk -L -o /dev/null \"$1\"' sh";
    const auto r = w.agoras({"x", "authorize", "--consumer-key", kKey, "--consumer-secret", kSecret}, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "belongs to another authorization"));
    CHECK(result_of(w.agoras({"x", "whoami"}))["username"].text() == "agoras_dev");
}

TEST_CASE("x authorize --no-browser: the PIN flow (oauth_callback=oob), the PIN read from stdin", "[x]") {
    World w;
    w.fault("next_pin=7654321");
    auto env = w.env();
    env.set_env["BROWSER"] = "false";
    // The user opens the printed URL (here curl, which "sees" the PIN), then types the PIN.
    const std::string script =
        std::string("set -e\nmkfifo \"$D/in\"\n\"$AGORAS\" x authorize --no-browser --consumer-key \"$KEY\" <\"$D/in\" >\"$D/out\" 2>\"$D/err\" &\n") +
        "exec 3>\"$D/in\"\n" +
        "for i in $(seq 200); do url=$(grep -o 'http://[^ ]*/oauth/authorize[^ ]*' \"$D/err\" | head -1); [ -n \"$url\" ] && break; sleep 0.05; done\n" +
        "pin=$(curl -s \"$url\" | sed -n 's/.*<code>\\(.*\\)<\\/code>.*/\\1/p')\necho \"$pin\" >&3\nwait $!\n";
    env.set_env["D"] = w.dir.path().string();
    env.set_env["AGORAS"] = AGORAS_BINARY;
    env.set_env["KEY"] = kKey;
    env.set_env["TWITTER_CONSUMER_SECRET"] = kSecret;
    const auto r = run_process({"/bin/bash", "-c", script}, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(result_of(w.agoras({"x", "whoami"}))["username"].text() == "agoras_dev");
    // A wrong PIN is refused by X: exit 3.
    w.fault("next_pin=1111111");
    env = w.env();
    env.stdin_data = "2222222\n";
    env.set_env["BROWSER"] = "false";
    const auto wrong = w.agoras({"x", "authorize", "--no-browser", "--consumer-key", kKey, "--consumer-secret", kSecret}, env);
    CHECK(wrong.exit_code == 3);
}

TEST_CASE("x: the original's TWITTER_* variables without a vault, 'twitter' runs x with a warning", "[x]") {
    Authorized w;
    auto env = w.env();
    for (const auto& [field, variable] : std::vector<std::pair<std::string, std::string>>{
             {"consumer_key", "TWITTER_CONSUMER_KEY"}, {"consumer_secret", "TWITTER_CONSUMER_SECRET"},
             {"oauth_token", "TWITTER_OAUTH_TOKEN"}, {"oauth_token_secret", "TWITTER_OAUTH_SECRET"}}) {
        env.set_env[variable] = w.agoras({"utils", "tokens", "show", "--platform", "x", "--identifier", "default", "--field", field}).out;
        while (!env.set_env[variable].empty() && env.set_env[variable].back() == '\n') env.set_env[variable].pop_back();
    }
    env.set_env["AGORAS_STORAGE_DIR"] = (w.dir.path() / "empty").string();
    const auto r = w.agoras({"twitter", "post", "--text", "from CI"}, env);
    const Json posted = result_of(r);
    CHECK(contains(r.err, "deprecated name of platform 'x'"));
    CHECK(posted["url"].text() == "https://x.com/i/status/" + posted["id"].text());
    env.set_env["TWITTER_OAUTH_TOKEN"] = "1500000000000000001-revoked";
    const auto revoked = w.agoras({"x", "post", "--text", "again"}, env);
    CHECK(revoked.exit_code == 3);
    CHECK(contains(revoked.err, "agoras x authorize"));
    CHECK(w.posts().size() == 1);
}

TEST_CASE("x post: images with alt text through /2/media/upload and /2/media/metadata, the URL of the post", "[x]") {
    Authorized w;
    const std::string a = w.file("a.jpg", agoras::test::make_jpeg(64, 64)), b = w.file("b.png", agoras::test::make_png(32, 32));
    const Json posted = result_of(w.agoras({"x", "post", "--text", "two pictures", "--image", a, "--alt-text", "a red square",
                                            "--image", b}));
    CHECK(posted["url"].text() == "https://x.com/agoras_dev/status/" + posted["id"].text());
    const auto posts = w.posts();
    REQUIRE(posts.size() == 1);
    CHECK(posts[0]["text"].text() == "two pictures");
    REQUIRE(posts[0]["media"].size() == 2);
    CHECK(posts[0]["media"][0]["alt_text"].text() == "a red square");
    CHECK(posts[0]["media"][1]["alt_text"].text().empty());
    const Json costs = w.state()["costs"];
    CHECK(costs["posts"].integer() == 1);
    CHECK(costs["media_metadata"].integer() == 1);
    CHECK(w.state()["bad_signatures"].integer() == 0);
}

TEST_CASE("x video: chunked in order, processing awaited as check_after_secs says, a failed one posts nothing", "[x]") {
    Authorized w;
    const std::string clip = w.file("clip.mp4", mp4((9u << 20) + 5));  // three segments of at most 4 MiB
    const Json posted = result_of(w.agoras({"x", "video", "--video-url", clip, "--video-title", "release notes"}));
    auto posts = w.posts();
    REQUIRE(posts.size() == 1);
    CHECK(posts[0]["id"].text() == posted["id"].text());
    CHECK(posts[0]["media"][0]["category"].text() == "tweet_video");
    CHECK(posts[0]["media"][0]["bytes"].integer() == (9 << 20) + 5);
    w.fault("fail_processing=true");
    const auto failed = w.agoras({"x", "post", "--text", "broken clip", "--video", clip});
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "Unsupported video codec"));
    CHECK(contains(failed.err, "nothing was posted"));
    CHECK(w.posts().size() == 1);
}

TEST_CASE("x post: counted as X counts, refused before anything is sent", "[x]") {
    Authorized w;
    const int calls = static_cast<int>(w.state()["calls"].integer());
    std::string cjk;
    for (int i = 0; i < 141; ++i) cjk += "日";
    const auto long_cjk = w.agoras({"x", "post", "--text", cjk});
    CHECK(long_cjk.exit_code == 2);
    CHECK(contains(long_cjk.err, "282"));
    CHECK(w.agoras({"x", "post", "--text", "$AAPL and $TSLA"}).exit_code == 2);
    const std::string img = w.file("i.jpg", agoras::test::make_jpeg(8, 8));
    CHECK(w.agoras({"x", "post", "--text", "t", "--image", img, "--video", w.file("v.mp4", mp4(100))}).exit_code == 2);
    CHECK(w.state()["calls"].integer() == calls);
    // 256 letters and a long URL (23) fit exactly.
    result_of(w.agoras({"x", "post", "--text", std::string(256, 'a') + " https://example.com/" + std::string(200, 'p')}));
    CHECK(w.state()["costs"]["posts_with_url"].integer() == 1);
}

TEST_CASE("x post: an answer lost after the post was made is never re-sent, the post is found and reported", "[x]") {
    Authorized w;
    w.fault("drop_create_answer_next=1");
    const auto r = w.agoras({"x", "post", "--text", "said once & only once"});
    const Json posted = result_of(r);
    CHECK(contains(r.err, "instead of posting again"));
    auto posts = w.posts();
    REQUIRE(posts.size() == 1);
    CHECK(posted["id"].text() == posts[0]["id"].text());
    // A timeout: the same.
    w.fault("create_latency_ms=3000");
    auto env = w.env();
    env.set_env["AGORAS_HTTP_TIMEOUT"] = "1";
    const Json slow = result_of(w.agoras({"x", "post", "--text", "slow"}, env));
    w.fault("create_latency_ms=0");
    posts = w.posts();
    REQUIRE(posts.size() == 2);
    CHECK(slow["id"].text() == posts[1]["id"].text());
    // Not to be found either: the outcome is unknown, said plainly, and still nothing is sent twice.
    w.fault("drop_create_answer_next=1");
    w.fault("hide_from_timeline=true");
    const auto unknown = w.agoras({"x", "post", "--text", "where did it go"});
    CHECK(unknown.exit_code == 6);
    CHECK(contains(unknown.err, "unknown"));
    CHECK(w.posts().size() == 3);
    CHECK(w.state()["costs"]["posts"].integer() == 3);  // X billed each post once
}

TEST_CASE("x: duplicate content, spent credits, rate limits and a revoked token, each with its exit code", "[x]") {
    Authorized w;
    result_of(w.agoras({"x", "post", "--text", "only once"}));
    const auto duplicate = w.agoras({"x", "post", "--text", "only once"});
    CHECK(duplicate.exit_code == 5);
    CHECK(contains(duplicate.err, "You are not allowed to create a Tweet with duplicate content."));
    w.fault("rate_limit_next=1");
    result_of(w.agoras({"x", "post", "--text", "after a wait"}));  // waited for x-rate-limit-reset, then posted
    w.fault("rate_limit_next=5");
    const auto limited = w.agoras({"x", "post", "--text", "too soon"});
    CHECK(limited.exit_code == 4);
    w.fault("rate_limit_next=0");
    w.fault("credits_mills=0");
    const auto broke = w.agoras({"x", "post", "--text", "no money"});
    CHECK(broke.exit_code == 5);
    CHECK(contains(broke.err, "credits"));
    CHECK(w.posts().size() == 2);
}

TEST_CASE("x reply, share, like, delete: --post-id takes a status URL, replies only where summoned, likes refused", "[x]") {
    Authorized w;
    const std::string stranger = w.seed("an unrelated post"), summoned = w.seed("what do you think, @agoras_dev?");
    const auto refused = w.agoras({"x", "reply", "--post-id", stranger, "--text", "hi"});
    CHECK(refused.exit_code == 5);
    CHECK(contains(refused.err, "not been mentioned"));
    const Json reply = result_of(w.agoras({"x", "reply", "--post-id", "https://twitter.com/someone/status/" + summoned, "--text", "thanks!"}));
    CHECK(reply["reply_to"].text() == summoned);
    CHECK(w.state()["costs"]["replies"].integer() == 1);
    CHECK(result_of(w.agoras({"x", "share", "--post-id", "https://x.com/someone/status/" + stranger}))["reposted"].boolean());
    // Again: X keeps one repost per account and post, answers with it and charges nothing.
    const std::string spent = w.state()["costs"].serialize();
    CHECK(result_of(w.agoras({"x", "share", "--post-id", stranger}))["reposted"].boolean());
    CHECK(w.state()["costs"].serialize() == spent);
    const auto like = w.agoras({"x", "like", "--post-id", stranger});
    CHECK(like.exit_code == 5);
    CHECK(contains(like.err, "access level"));
    CHECK(result_of(w.agoras({"x", "delete", "--post-id", reply["url"].text()}))["deleted"].boolean());
    CHECK(w.agoras({"x", "delete", "--post-id", "https://evil.example/status/1"}).exit_code == 2);
}

TEST_CASE("x --dry-run: the requests and what X would charge, nothing sent, post --to x like any target", "[x]") {
    Authorized w;
    const int calls = static_cast<int>(w.state()["calls"].integer());
    const auto dry = w.agoras({"x", "post", "--dry-run", "--text", "see https://example.com"});
    CHECK(dry.exit_code == 0);
    CHECK(contains(dry.out, "\"cost\":\"$0.200: a post whose text contains a URL\""));
    CHECK(w.state()["calls"].integer() == calls);
    const Json fanned = result_of(w.agoras({"post", "--to", "x", "--text", "to every network", "--idempotency-key", "rel-1"}));
    CHECK(w.posts().size() == 1);
    const auto again = w.agoras({"post", "--to", "x", "--text", "to every network", "--idempotency-key", "rel-1"});
    CHECK(again.exit_code == 0);
    CHECK(w.posts().size() == 1);
    CHECK(contains(fanned.serialize(), w.posts()[0]["id"].text()));
}

TEST_CASE("x video by URL: memory does not grow with the video (downloaded to a temporary file, sent from there)", "[x]") {
    Authorized w;
    w.sandbox.serve("/small.mp4", "video/mp4", mp4(1u << 20));
    w.sandbox.serve("/big.mp4", "video/mp4", mp4(50'000'000));
    auto env = w.env();
    env.set_env["TMPDIR"] = (w.dir.path() / "tmp").string();
    std::filesystem::create_directories(w.dir.path() / "tmp");
    const auto small = w.agoras({"x", "post", "--text", "small", "--video", w.sandbox.url() + "/web/small.mp4"}, env);
    const auto big = w.agoras({"x", "post", "--text", "big", "--video", w.sandbox.url() + "/web/big.mp4"}, env);
    result_of(small);
    result_of(big);
    INFO("peak RSS " << small.max_rss_kib << " KiB for 1 MiB, " << big.max_rss_kib << " KiB for 50 MB");
    CHECK(big.max_rss_kib - small.max_rss_kib < 8 * 1024);
#ifndef __SANITIZE_ADDRESS__  // the sanitizers' own memory is not agoras's
    CHECK(big.max_rss_kib < 32 * 1024);
#endif
    const auto posts = w.posts();
    REQUIRE(posts.size() == 2);
    CHECK(posts[1]["media"][0]["bytes"].integer() == 50'000'000);
    // Nothing is left behind in the temporary directory.
    for (const auto& entry : std::filesystem::directory_iterator(w.dir.path() / "tmp")) FAIL("left behind: " << entry.path());
}
