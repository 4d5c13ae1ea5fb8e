// The real agoras binary and the Mastodon plugin against agoras-sandbox's instance on loopback: OAuth
// (loopback and out-of-band, with PKCE), every action, the instance's limits, every failure class.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>

using agoras::Json;
using agoras::test::contains;
using agoras::test::result_of;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::run_process;
using agoras::test::SandboxProcess;

namespace {

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"mastodon-it"};
    std::string instance() const { return sandbox.url() + "/mastodon"; }
    // Its scripted browser follows the consent page to the http:// callback.
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const { return run_agoras(args, options); }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    Json state() const { return Json::parse(sandbox.get("mastodon/state")); }
    std::vector<Json> statuses() const { return state()["statuses"].items(); }
    std::string file(const std::string& name, const std::string& bytes) const {
        const std::string path = (dir.path() / name).string();
        agoras::test::write_file(path, bytes);
        return path;
    }
};

struct Authorized : World {
    Authorized() {
        const auto r = agoras({"mastodon", "authorize", "--instance", instance()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
};

}  // namespace

TEST_CASE("mastodon authorize: an app registered once, PKCE through the loopback callback, the token never shown", "[mastodon]") {
    World w;
    const auto r = w.agoras({"mastodon", "authorize", "--instance", w.instance()});
    const Json out = result_of(r);
    CHECK(out["acct"].text() == "alice");
    CHECK(contains(r.err, "code_challenge_method=S256"));
    const std::string token = w.agoras({"utils", "tokens", "show", "--platform", "mastodon", "--identifier", "default",
                                        "--field", "access_token"}).out;
    REQUIRE(token.size() > 20);
    CHECK_FALSE(contains(r.out + r.err, token));
    result_of(w.agoras({"mastodon", "authorize", "--instance", w.instance()}));
    CHECK(w.state()["app_registrations"].integer() == 1);  // the app is kept and reused
    CHECK(result_of(w.agoras({"mastodon", "whoami"}))["username"].text() == "alice");
}

TEST_CASE("mastodon authorize --no-browser: the code the instance shows, or the page's address, is read from stdin", "[mastodon]") {
    // What the user pastes: the code, or the address of the page that shows it (Mastodon's /oauth/authorize/native).
    for (const std::string pasted : {"$code", "$I/oauth/authorize/native?code=$code"}) {
        INFO(pasted);
        World w;
        w.sandbox.control("mastodon/faults", "next_code=OOB-CODE-1234567890");
        auto env = w.env();
        // The user opens the printed URL: here curl, while agoras waits on stdin. The sandbox binds the code to
        // that visit's PKCE challenge.
        env.set_env["BROWSER"] = "false";
        const std::string script =
            std::string("set -e\n") + "mkfifo \"$D/in\"\n" + "\"$AGORAS\" mastodon authorize --instance \"$I\" --no-browser <\"$D/in\" "
            ">\"$D/out\" 2>\"$D/err\" &\nexec 3>\"$D/in\"\n" +
            "for i in $(seq 200); do url=$(grep -o 'http://[^ ]*/oauth/authorize[^ ]*' \"$D/err\" | head -1); [ -n \"$url\" ] && break; sleep 0.05; done\n" +
            "code=$(curl -s \"$url\" | sed -n 's/.*<code>\\(.*\\)<\\/code>.*/\\1/p')\n" + "echo \"" + pasted + "\" >&3\nwait $!\n";
        env.set_env["D"] = w.dir.path().string();
        env.set_env["I"] = w.instance();
        env.set_env["AGORAS"] = AGORAS_BINARY;
        const auto r = run_process({"/bin/bash", "-c", script}, env);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(result_of(w.agoras({"mastodon", "whoami"}))["acct"].text() == "alice");
        CHECK(w.state()["app_registrations"].integer() == 1);
    }
}

TEST_CASE("mastodon: a personal access token, and MASTODON_* without a vault", "[mastodon]") {
    World w;
    w.sandbox.control("mastodon/faults", "personal_token=true");
    auto env = w.env();
    env.set_env["MASTODON_INSTANCE"] = w.instance();
    env.set_env["MASTODON_ACCESS_TOKEN"] = "sandbox-mastodon-personal-token-0123456789";
    const Json posted = result_of(w.agoras({"mastodon", "post", "--text", "from CI"}, env));
    CHECK(posted["url"].text() == w.instance() + "/@alice/" + posted["id"].text());
    CHECK(w.state()["app_registrations"].integer() == 0);
    // Nothing was read from or written to a vault: the instance's limits went to the cache.
    CHECK_FALSE(std::filesystem::exists(w.dir.path() / "store"));
    env.set_env["MASTODON_ACCESS_TOKEN"] = "revoked-token-revoked-token";
    const auto revoked = w.agoras({"mastodon", "post", "--text", "x"}, env);
    CHECK(revoked.exit_code == 3);
    CHECK(contains(revoked.err, "agoras mastodon authorize"));
    CHECK(w.agoras({"mastodon", "post", "--text", "x"}).exit_code == 3);  // nothing configured
}

TEST_CASE("mastodon post: options reach the status, images with alt text, processing media is awaited", "[mastodon]") {
    Authorized w;
    result_of(w.agoras({"mastodon", "post", "--text", "hello", "--visibility", "unlisted", "--spoiler-text", "cw",
                        "--sensitive", "--language", "pt"}));
    w.sandbox.control("mastodon/faults", "media_polls=2");
    const std::string photo = w.file("a.jpg", agoras::test::make_jpeg(16, 16));
    result_of(w.agoras({"mastodon", "post", "--text", "pics", "--image", photo, "--alt-text", "first", "--image", photo,
                        "--alt-text", "second"}));
    const std::string clip = w.file("clip.mp4", std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(3000, 'v'));
    result_of(w.agoras({"mastodon", "video", "--video", clip, "--text", "a clip", "--alt-text", "moving"}));
    const auto s = w.statuses();
    REQUIRE(s.size() == 3);
    CHECK(s[0]["visibility"].text() == "unlisted");
    CHECK(s[0]["spoiler_text"].text() == "cw");
    CHECK(s[0]["sensitive"].boolean());
    CHECK(s[0]["language"].text() == "pt");
    const auto locale = w.agoras({"mastodon", "post", "--text", "hello", "--language", "en_US"});
    CHECK(locale.exit_code == 2);
    CHECK(contains(locale.err, "did you mean 'en-US'"));
    CHECK(w.statuses().size() == 3);
    CHECK(s[1]["media"].size() == 2);
    CHECK(s[1]["media"][1]["description"].text() == "second");
    CHECK(s[2]["media"][0]["type"].text() == "video");
    CHECK(s[2]["media"][0]["description"].text() == "moving");
    CHECK(w.agoras({"mastodon", "post", "--text", "x", "--visibility", "friends"}).exit_code == 2);
}

TEST_CASE("mastodon length: the instance's limit, URLs as 23, checked before anything is sent", "[mastodon]") {
    Authorized w;
    const std::string url = "https://example.com/" + std::string(100, 'p');
    result_of(w.agoras({"mastodon", "post", "--text", std::string(470, 'a') + " " + url}));  // 494 as counted
    CHECK(w.agoras({"mastodon", "post", "--text", std::string(501, 'a')}).exit_code == 2);
    std::string conjuncts;  // 500 Devanagari conjuncts (क्ष) are 500 characters, as Unicode 15.1 counts
    for (int i = 0; i < 500; ++i) conjuncts += "\u0915\u094D\u0937";
    result_of(w.agoras({"mastodon", "post", "--text", conjuncts}));
    CHECK(w.agoras({"mastodon", "post", "--text", conjuncts + "\u0915"}).exit_code == 2);
    // Another instance's limit (read once a day: a fresh vault reads it again).
    World v;
    v.sandbox.control("mastodon/faults", "max_characters=100&max_media=1&legacy=true");
    REQUIRE(v.agoras({"mastodon", "authorize", "--instance", v.instance()}).exit_code == 0);
    const auto over = v.agoras({"mastodon", "post", "--text", std::string(101, 'b')});
    CHECK(over.exit_code == 2);
    CHECK(contains(over.err, "allows 100"));
    const std::string photo = v.file("a.jpg", agoras::test::make_jpeg(8, 8));
    CHECK(v.agoras({"mastodon", "post", "--text", "two", "--image", photo, "--image", photo}).exit_code == 2);
    CHECK(v.statuses().empty());
    result_of(v.agoras({"mastodon", "post", "--text", std::string(100, 'c')}));
}

TEST_CASE("mastodon length: the instance's limits are read again after a day, not before", "[mastodon]") {
    Authorized w;
    result_of(w.agoras({"mastodon", "post", "--text", "reads the limits"}));
    w.sandbox.control("mastodon/faults", "max_characters=100");
    // Within the day agoras counts against the 500 it kept; the instance itself refuses.
    const auto refused = w.agoras({"mastodon", "post", "--text", std::string(101, 'b')});
    CHECK(refused.exit_code == 5);
    CHECK(contains(refused.err, "character limit of 100"));
    auto tomorrow = w.env();
    tomorrow.set_env["AGORAS_NOW"] = std::to_string(std::time(nullptr) + 24 * 3600);
    const auto over = w.agoras({"mastodon", "post", "--text", std::string(101, 'b')}, tomorrow);
    CHECK(over.exit_code == 2);
    CHECK(contains(over.err, "allows 100"));
    CHECK(w.statuses().size() == 1);
}

TEST_CASE("mastodon reply, share, like, delete", "[mastodon]") {
    Authorized w;
    const Json first = result_of(w.agoras({"mastodon", "post", "--text", "first"}));
    const Json reply = result_of(w.agoras({"mastodon", "reply", "--post-id", first["url"].text(), "--text", "second"}));
    CHECK(w.statuses().at(1)["in_reply_to_id"].text() == first["id"].text());
    const Json boost = result_of(w.agoras({"mastodon", "share", "--post-id", first["id"].text()}));
    CHECK(boost["id"].text() != first["id"].text());  // the reblog's own id
    CHECK(w.statuses().at(2)["reblog_of"].text() == first["id"].text());
    const Json like = result_of(w.agoras({"mastodon", "like", "--post-id", first["id"].text()}));
    CHECK(like["id"].text() == first["id"].text());
    CHECK(w.statuses().at(0)["favourited"].boolean());
    const Json deleted = result_of(w.agoras({"mastodon", "delete", "--post-id", reply["id"].text()}));
    CHECK(deleted["id"].text() == reply["id"].text());
    CHECK(w.agoras({"mastodon", "delete", "--post-id", reply["id"].text()}).exit_code == 1);  // Record not found
    CHECK(w.agoras({"mastodon", "like", "--post-id", "not an id"}).exit_code == 2);
    // 422 with the instance's text: a private status cannot be boosted.
    const Json secret = result_of(w.agoras({"mastodon", "post", "--text", "followers only", "--visibility", "private"}));
    const auto refused = w.agoras({"mastodon", "share", "--post-id", secret["id"].text()});
    CHECK(refused.exit_code == 5);
    CHECK(contains(refused.err, "Reblog of status is not permitted"));
}

TEST_CASE("mastodon failures: a lost answer posts once (Idempotency-Key), 5xx retried, 429 waited out or exit 4", "[mastodon]") {
    Authorized w;
    SECTION("created, then a 502") {
        w.sandbox.control("mastodon/faults", "create_then_fail_next=1");
        const Json out = result_of(w.agoras({"mastodon", "post", "--text", "exactly once"}));
        REQUIRE(w.statuses().size() == 1);
        CHECK(out["id"].text() == w.statuses().at(0)["id"].text());
    }
    SECTION("a 503") {
        w.sandbox.control("mastodon/faults", "server_error_next=1");
        result_of(w.agoras({"mastodon", "post", "--text", "after a 503"}));
        CHECK(w.statuses().size() == 1);
    }
    SECTION("429") {
        w.sandbox.control("mastodon/faults", "rate_limit_next=1");
        result_of(w.agoras({"mastodon", "post", "--text", "patience"}));
        w.sandbox.control("mastodon/faults", "rate_limit_next=50");
        CHECK(w.agoras({"mastodon", "post", "--text", "busy"}).exit_code == 4);
        w.sandbox.control("mastodon/faults", "rate_limit_next=0");
        CHECK(w.statuses().size() == 1);
    }
    SECTION("--dry-run sends nothing") {
        const auto dry = w.agoras({"mastodon", "post", "--text", "rehearsal", "--dry-run"});
        CHECK(dry.exit_code == 0);
        CHECK(contains(dry.out, "/api/v1/statuses"));
        CHECK(w.statuses().empty());
    }
}

TEST_CASE("mastodon: post --to killed before the answer, the rerun settles it with the same Idempotency-Key", "[mastodon][post]") {
    Authorized w;
    w.sandbox.control("mastodon/faults", "latency_ms=3000");  // the status is made; its answer comes late
    auto env = w.env();
    env.set_env["AGORAS"] = AGORAS_BINARY;
    const auto killed = run_process({"/bin/bash", "-c",
                                     "\"$AGORAS\" post --to mastodon --text 'exactly once' --idempotency-key k1 & pid=$!; "
                                     "sleep 1.5; kill -9 $pid; wait $pid; exit 0"},
                                    env);
    REQUIRE(killed.exit_code == 0);
    REQUIRE(w.statuses().size() == 1);
    w.sandbox.control("mastodon/faults", "latency_ms=0");
    const auto rerun = w.agoras({"post", "--to", "mastodon", "--text", "exactly once", "--idempotency-key", "k1"});
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(contains(rerun.out, "\"status\":\"already-published\""));
    CHECK(contains(rerun.out, "\"id\":\"" + w.statuses().at(0)["id"].text() + "\""));
    CHECK(w.statuses().size() == 1);
}

TEST_CASE("agoras post --to threads,bluesky,mastodon,telegram,discord works end to end", "[mastodon][post]") {
    Authorized w;
    REQUIRE(w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", SandboxProcess::kAppSecret}).exit_code == 0);
    REQUIRE(w.agoras({"bluesky", "authorize", "--service", w.sandbox.url(), "--handle", "alice.sandbox.test", "--app-password",
                      "abcd-efgh-ijkl-mnop"}).exit_code == 0);
    REQUIRE(w.agoras({"telegram", "authorize", "--bot-token", "123456789:SANDBOX-telegram-bot-token", "--chat-id", "4242"}).exit_code == 0);
    REQUIRE(w.agoras({"discord", "authorize", "--webhook-url",
                      w.sandbox.url() + "/api/webhooks/111111111111111111/SANDBOX-webhook-token-0123456789abcdefghijklmnop"}).exit_code == 0);
    const auto r = w.agoras({"post", "--to", "threads,bluesky,mastodon,telegram,discord", "--text", "Five at once"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(agoras::test::count_of(r.out, "\"status\":\"published\"") == 5);
    CHECK(w.statuses().at(0)["text"].text() == "Five at once");
}
