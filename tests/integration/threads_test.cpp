// The real agoras binary and the Threads plugin against agoras-sandbox on loopback: every action
// and every failure class, as a user or a CI job would run them.
#include "support/hostile_server.hpp"
#include "support/text.hpp"
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;
namespace fs = std::filesystem;

using agoras::test::contains;
using agoras::test::count_of;
namespace {

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"threads-it"};
    std::string store() const { return (dir.path() / "store").string(); }
    ProcessOptions env() const { return sandbox.agoras_env(store()); }
    ProcessResult agoras(const std::vector<std::string>& args, ProcessOptions options) const {
        return run_agoras(args, std::move(options));
    }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    ProcessResult authorize() const {
        return agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret",
                       SandboxProcess::kAppSecret});
    }
    std::string token() const {
        return agoras({"utils", "tokens", "show", "--platform", "threads", "--identifier", "default", "--field",
                       "refresh_token"})
            .out;
    }
};

// A World that has already authorized.
struct Authorized : World {
    Authorized() {
        const auto r = authorize();
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
};

std::string id_of(const std::string& out) {
    const auto start = out.find("\"id\":\"");
    REQUIRE(start != std::string::npos);
    return out.substr(start + 6, out.find('"', start + 6) - start - 6);
}

}  // namespace

TEST_CASE("threads authorize: browser consent to the HTTPS callback stores the token, never prints it", "[threads]") {
    World w;
    const auto r = w.authorize();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "\"authorized\":true"));
    CHECK(contains(r.out, "\"username\":\"sandbox_user\""));
    CHECK(contains(r.err, "state="));  // the URL is always shown on stderr
    const std::string token = w.token();
    REQUIRE(token.rfind("THLL", 0) == 0);  // the long-lived token, not the short-lived one
    CHECK_FALSE(contains(r.out, token.substr(0, 20)));
    CHECK_FALSE(contains(r.err, token.substr(0, 20)));
    const auto list = w.agoras({"utils", "tokens", "list", "--platform", "threads"});
    // One record, and the default account pointing at it (no twin record).
    CHECK(list.out == "Stored tokens for platform: threads:\n\n  threads: 1234567890 (default)\n");
    const auto shown = w.agoras({"utils", "tokens", "show", "--platform", "threads", "--identifier", "default",
                                 "--format", "json"});
    CHECK(contains(shown.out, "\"user_id\": \"17841400000000001\""));
    CHECK(contains(shown.out, "\"token_expires_at\""));
    const auto plain = w.agoras({"utils", "tokens", "show", "--platform", "threads", "--identifier", "default"});
    CHECK(contains(plain.out, "  refresh_token: THLL..."));     // secrets masked
    CHECK(contains(plain.out, "  app_secret: sand...cret\n"));
    CHECK(contains(plain.out, "  token_expires_at: 1"));       // numbers are not secrets
    CHECK(std::regex_search(plain.out, std::regex(R"(token_expires_at: \d+ \(20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\))")));
}

TEST_CASE("threads authorize: real headless Chromium follows the redirect and shows the success page", "[threads][chromium]") {
    World w;
    REQUIRE(fs::exists("/usr/bin/chromium"));  // installed by scripts/setup.sh
    const fs::path dom = w.dir.path() / "dom.html";
    const fs::path script = w.dir.path() / "browser.sh";
    {
        std::ofstream out(script);
        out << "#!/bin/sh\nexec /usr/bin/chromium --headless --no-sandbox --disable-gpu --ignore-certificate-errors "
               "--disable-background-networking --disable-component-update --disable-sync --no-first-run "
               "--user-data-dir=" << (w.dir.path() / "profile").string() << " --dump-dom \"$1\" >" << dom.string()
            << " 2>/dev/null\n";
    }
    fs::permissions(script, fs::perms::owner_all);
    auto env = w.env();
    env.set_env["BROWSER"] = script.string();
    const auto r = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret",
                             SandboxProcess::kAppSecret, "--timeout", "60"},
                            env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "\"authorized\":true"));
    std::string page;
    for (int i = 0; i < 200 && !contains(page, "</html>"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::ifstream in(dom);
        page.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    CHECK(contains(page, "Authorization Successful"));
    CHECK(contains(page, "You can close this window and return to the terminal."));
}

TEST_CASE("threads authorize: headless with the redirect URL pasted on stdin", "[threads]") {
    World w;
    const auto env = w.env();
    // A user copies the URL from stderr, authorizes elsewhere and pastes the address the browser
    // was sent to (Meta's "#_" included).
    std::string script =
        "set -e; cd \"$WORK\"; mkfifo in; \"$AGORAS\" threads authorize --app-id " + std::string(SandboxProcess::kAppId) +
        " --app-secret " + SandboxProcess::kAppSecret +
        " --no-browser <in >out 2>err & exec 4>in; "
        "for i in $(seq 100); do grep -q 'state=' err && break; sleep 0.05; done; "
        "url=$(grep -o 'http://[^ ]*state=[^ ]*' err | head -1); "
        "curl -s -o /dev/null -w '%{redirect_url}\\n' \"$url\" >&4; exec 4>&-; wait $!; cat out";
    ProcessOptions options = env;
    options.set_env["WORK"] = w.dir.path().string();
    options.set_env["AGORAS"] = AGORAS_BINARY;
    const auto r = agoras::test::run_process({"/bin/bash", "-c", script}, options);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "\"authorized\":true"));
}

TEST_CASE("threads authorize: where no browser can open, paste mode at once, saying so", "[threads]") {
    for (const char* browser : {"", "false"}) {  // none at all; a launcher that fails
        World w;
        std::string script =
            "set -e; cd \"$WORK\"; mkfifo in; \"$AGORAS\" threads authorize --app-id " + std::string(SandboxProcess::kAppId) +
            " --app-secret " + SandboxProcess::kAppSecret +
            " <in >out 2>err & exec 4>in; "
            "for i in $(seq 100); do grep -q 'paste mode' err && break; sleep 0.05; done; "
            "url=$(grep -o 'http://[^ ]*state=[^ ]*' err | head -1); "
            "curl -s -o /dev/null -w '%{redirect_url}\\n' \"$url\" >&4; exec 4>&-; wait $!; cat err >&2; cat out";
        ProcessOptions options = w.env();
        options.set_env["WORK"] = w.dir.path().string();
        options.set_env["AGORAS"] = AGORAS_BINARY;
        options.unset_env.insert(options.unset_env.end(), {"DISPLAY", "WAYLAND_DISPLAY"});
        if (*browser == '\0') {
            options.set_env.erase("BROWSER");
            options.unset_env.push_back("BROWSER");
        } else {
            options.set_env["BROWSER"] = browser;
        }
        options.timeout_seconds = 20;  // far less than authorize's own 300 s wait
        const auto r = agoras::test::run_process({"/bin/bash", "-c", script}, options);
        INFO(browser << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.err, "paste mode"));
        CHECK(contains(r.out, "\"authorized\":true"));
    }
}

TEST_CASE("threads authorize: every failure exits non-zero and stores nothing", "[threads]") {
    World w;
    SECTION("the user denies consent") {
        w.sandbox.control("faults", "deny_consent=true");
        const auto r = w.authorize();
        CHECK(r.exit_code == 3);
        CHECK(contains(r.err, "access_denied"));
    }
    SECTION("a wrong app secret") {
        const auto r = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret", "wrong"});
        CHECK(r.exit_code == 3);
        CHECK(contains(r.err, "invalid credentials"));
        CHECK(contains(r.err, "Threads app ID and secret"));
    }
    SECTION("a damaged vault is reported before the browser opens") {
        // Found by the red team: authorize failed on a broken vault only after the whole OAuth dance.
        fs::create_directories(fs::path(w.store()) / "tokens");
        fs::permissions(w.store(), fs::perms::owner_all);
        fs::permissions(fs::path(w.store()) / "tokens", fs::perms::owner_all);
        std::ofstream(fs::path(w.store()) / "vault.key") << "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
        fs::permissions(fs::path(w.store()) / "vault.key", fs::perms::owner_read | fs::perms::owner_write);
        std::ofstream(fs::path(w.store()) / "tokens" / "vault.sqlite3") << std::string(4096, 'Z');
        fs::permissions(fs::path(w.store()) / "tokens" / "vault.sqlite3", fs::perms::owner_read | fs::perms::owner_write);
        auto env = w.env();
        env.set_env["BROWSER"] = "touch " + (w.dir.path() / "browser-opened").string() + " #";
        const auto r = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret",
                                 SandboxProcess::kAppSecret, "--timeout", "5"},
                                env);
        CHECK(r.exit_code == 8);
        CHECK_FALSE(fs::exists(w.dir.path() / "browser-opened"));
        fs::remove_all(w.store());
    }
    SECTION("nobody completes the browser step") {
        auto env = w.env();
        env.set_env["BROWSER"] = "true";
        const auto r = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret",
                                 SandboxProcess::kAppSecret, "--timeout", "1"},
                                env);
        CHECK(r.exit_code == 3);
        CHECK(contains(r.err, "no authorization arrived within 1 s"));
    }
    CHECK_FALSE(fs::exists(fs::path(w.store()) / "tokens" / "vault.sqlite3"));
}

TEST_CASE("threads authorize: the browser gets no descriptor and no secret of agoras, and cannot keep the port",
          "[threads]") {
    // Found by the red team: a browser that stayed open kept the callback port bound, so the next
    // authorize failed with "Address already in use"; its environment carried the app secret.
    World w;
    const fs::path script = w.dir.path() / "browser.sh";
    {
        std::ofstream out(script);
        out << "#!/bin/sh\n"
               "ls -l /proc/$$/fd > \"$(dirname \"$0\")/fds\"\n"
               "env > \"$(dirname \"$0\")/env\"\n"
               "sleep 15 </dev/null >/dev/null 2>&1 &\n"  // a browser window left open
               "echo $! > \"$(dirname \"$0\")/lingering.pid\"\n"
               "exec curl -sk -L -o /dev/null \"$1\"\n";
    }
    fs::permissions(script, fs::perms::owner_all);
    auto env = w.env();
    env.set_env["BROWSER"] = script.string();
    env.set_env["THREADS_APP_SECRET"] = SandboxProcess::kAppSecret;
    env.set_env["THREADS_REFRESH_TOKEN"] = "a-refresh-token-from-ci";
    const auto first = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId}, env);
    INFO(first.err);
    CHECK(first.exit_code == 0);
    std::ifstream fds_file(w.dir.path() / "fds"), env_file(w.dir.path() / "env");
    const std::string fds((std::istreambuf_iterator<char>(fds_file)), {});
    const std::string child_env((std::istreambuf_iterator<char>(env_file)), {});
    CHECK_FALSE(contains(fds, "socket:"));
    CHECK_FALSE(contains(fds, "vault"));
    CHECK_FALSE(contains(child_env, "THREADS_APP_SECRET"));
    CHECK_FALSE(contains(child_env, "THREADS_REFRESH_TOKEN"));
    CHECK_FALSE(contains(child_env, SandboxProcess::kAppSecret));
    CHECK(contains(child_env, "AGORAS_STORAGE_DIR"));  // harmless variables stay

    // The lingering "browser" holds nothing, so the next authorize can listen on the same port.
    env.set_env["BROWSER"] = "curl -sk -L -o /dev/null";
    const auto second = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId}, env);
    INFO(second.err);
    CHECK(second.exit_code == 0);
    std::ifstream pid_file(w.dir.path() / "lingering.pid");
    pid_t lingering = 0;
    if (pid_file >> lingering && lingering > 0) kill(lingering, SIGKILL);
}

TEST_CASE("threads post: a carousel's items are processed side by side, not one after another", "[threads]") {
    Authorized w;
    w.sandbox.control("faults", "container_delay_ms=2000");
    std::vector<std::string> args = {"threads", "post", "--text", "five"};
    for (int i = 1; i <= 5; ++i) args.insert(args.end(), {"--image", "https://example.com/" + std::to_string(i) + ".jpg"});
    auto env = w.env();
    env.set_env["AGORAS_SLEEP_SCALE"] = "1";  // real waits: the sandbox's delay is real time
    const auto started = std::chrono::steady_clock::now();
    const auto r = w.agoras(args, env);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    // One after another, the five items alone would take over 12 s; side by side, about one item's 2.5 s
    // (plus the carousel container's own, and the polls' intervals).
    CHECK(seconds < 9.0);
}

TEST_CASE("threads post on a terminal: progress in place, Ctrl-C exits 130 naming the container left behind", "[threads]") {
    Authorized w;
    w.sandbox.control("faults", "container_delay_ms=30000");
    auto env = w.env();
    env.set_env["AGORAS_SLEEP_SCALE"] = "1";
    env.set_env["AGORAS"] = AGORAS_BINARY;
    // script(1) gives agoras a pseudo-terminal; the ^C typed into it becomes SIGINT, as in a shell.
    const auto r = agoras::test::run_process(
        {"/bin/bash", "-c", "(sleep 2.5; printf '\\003') | script -qec '\"$AGORAS\" threads post --text hello' /dev/null"}, env);
    CHECK(r.exit_code == 130);
    CHECK(contains(r.out, "interrupted (Ctrl-C) while publishing to threads"));
    CHECK(contains(r.out, "{\"container\":\"18000000000000001\",\"at\":"));
    CHECK(contains(r.out, "\r\033[2Kwaiting for Threads to process the post (IN_PROGRESS, 1 s)"));
    CHECK_FALSE(contains(r.out, "IN_PROGRESS, 0 s)\n"));  // rewritten in place, not a line per poll
    CHECK(count_of(w.sandbox.state(), "\"media_type\"") == 0);  // nothing was published
    // A terminal that cannot move the cursor gets no progress line at all.
    env.set_env["TERM"] = "dumb";
    const auto dumb = agoras::test::run_process(
        {"/bin/bash", "-c", "(sleep 1.5; printf '\\003') | script -qec '\"$AGORAS\" threads post --text hello' /dev/null"}, env);
    CHECK(dumb.exit_code == 130);
    CHECK_FALSE(contains(dumb.out, "\033[2K"));
}

TEST_CASE("threads post: text, image and carousel are published once each", "[threads]") {
    Authorized w;
    const auto text = w.agoras({"threads", "post", "--text", "hello", "--link", "https://example.com/x"});
    CHECK(text.exit_code == 0);
    const auto image = w.agoras({"threads", "post", "--text", "one image", "--image-1", "https://example.com/a.jpg",
                                 "--alt-text-1", "a cat"});
    CHECK(image.exit_code == 0);
    const auto carousel = w.agoras({"threads", "post", "--text", "three", "--image-1", "https://example.com/a.jpg",
                                    "--image-2", "https://example.com/b.jpg", "--image-3", "https://example.com/c.png"});
    CHECK(carousel.exit_code == 0);
    const std::string carousel_id = id_of(carousel.out);
    CHECK(carousel.out == "{\"id\":\"" + carousel_id + "\",\"url\":\"https://www.threads.net/@sandbox_user/post/SB" + carousel_id + "\"}\n");
    const auto state = w.sandbox.state();
    CHECK(contains(state, "\"text\":\"hello https://example.com/x\""));
    CHECK(contains(state, "\"media_type\":\"IMAGE\""));
    CHECK(contains(state, "\"media_type\":\"CAROUSEL\""));
    CHECK(contains(state, "\"publish_calls\":3"));
}

TEST_CASE("threads post: bad input is refused before any request", "[threads]") {
    Authorized w;
    const std::string long_text(501, 'x');
    const std::string emoji_text = [] {
        std::string s;
        for (int i = 0; i < 500; ++i) s += "\xf0\x9f\x98\x80";  // 500 characters, 2000 bytes
        return s;
    }();
    CHECK(w.agoras({"threads", "post", "--text", long_text}).exit_code == 2);
    CHECK(w.agoras({"threads", "post", "--text", "x", "--image-1", "ftp://example.com/a.jpg"}).exit_code == 2);
    CHECK(w.agoras({"threads", "post"}).exit_code == 2);
    CHECK(w.agoras({"threads", "post", "--text", "x", "--reply-control", "nobody"}).exit_code == 2);
    CHECK(w.agoras({"threads", "share", "--post-id", "../me"}).exit_code == 2);
    CHECK(contains(w.sandbox.state(), "\"containers\":0"));
    CHECK(w.agoras({"threads", "post", "--text", emoji_text}).exit_code == 0);  // characters, not bytes
}

TEST_CASE("threads video: processing is awaited and ERROR ends the run with the error message", "[threads]") {
    Authorized w;
    w.sandbox.control("faults", "video_delay_ms=1500");
    auto env = w.env();
    env.set_env["AGORAS_SLEEP_SCALE"] = "0.02";  // polls in real time the sandbox can observe
    const auto ok = w.agoras({"threads", "video", "--video-url", "https://example.com/v.mp4", "--text", "a video"}, env);
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(contains(w.sandbox.state(), "\"media_type\":\"VIDEO\""));

    w.sandbox.control("faults", "container_error=FAILED_DOWNLOADING_VIDEO&video_delay_ms=0");
    const auto failed = w.agoras({"threads", "video", "--video-url", "https://example.com/bad.mp4"});
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "FAILED_DOWNLOADING_VIDEO"));
    CHECK(contains(w.sandbox.state(), "\"publish_calls\":1"));
}

TEST_CASE("threads share, reply, delete, insights, quota and whoami", "[threads]") {
    Authorized w;
    const std::string post = id_of(w.agoras({"threads", "post", "--text", "original"}).out);
    const auto share = w.agoras({"threads", "share", "--post-id", post});
    CHECK(share.exit_code == 0);
    CHECK(contains(share.out, "\"reposted\":\"" + post + "\""));
    // Again: the repost that exists is the answer; Threads would keep a second one.
    const auto again_shared = w.agoras({"threads", "share", "--post-id", post});
    CHECK(again_shared.exit_code == 0);
    CHECK(again_shared.out == share.out.substr(0, share.out.size() - 2) + ",\"existing\":true}\n");
    CHECK(contains(again_shared.err, "already reposted"));
    CHECK(agoras::test::count_of(w.sandbox.state(), "REPOST_FACADE") == 1);
    const auto reply = w.agoras({"threads", "reply", "--post-id", post, "--text", "a reply"});
    CHECK(reply.exit_code == 0);
    CHECK(contains(w.sandbox.state(), "\"reply_to\":\"" + post + "\""));
    const auto insights = w.agoras({"threads", "insights", "--post-id", post});
    CHECK(insights.out == "{\"id\":\"" + post + "\",\"metrics\":{\"likes\":3,\"replies\":1}}\n");
    CHECK(contains(w.agoras({"threads", "insights"}).out, "\"followers_count\":7"));
    CHECK(contains(w.agoras({"threads", "quota"}).out, "\"replies\":{\"used\":1,\"limit\":1000"));
    CHECK(contains(w.agoras({"threads", "whoami"}).out, "\"username\":\"sandbox_user\""));

    const auto deleted = w.agoras({"threads", "delete", "--post-id", post});
    CHECK(deleted.out == "{\"id\":\"" + post + "\",\"deleted\":true}\n");
    const auto again = w.agoras({"threads", "delete", "--post-id", post});
    CHECK(again.exit_code == 5);
    CHECK(contains(again.err, "does not exist"));
}

TEST_CASE("threads: throttling is retried with backoff, then ends with exit 4", "[threads]") {
    Authorized w;
    w.sandbox.control("faults", "rate_limit_next=2");
    CHECK(w.agoras({"threads", "post", "--text", "after two throttles"}).exit_code == 0);
    w.sandbox.control("faults", "http_429_next=2");
    CHECK(w.agoras({"threads", "post", "--text", "after two 429s"}).exit_code == 0);
    w.sandbox.control("faults", "rate_limit_next=50");
    const auto r = w.agoras({"threads", "post", "--text", "too much"});
    CHECK(r.exit_code == 4);
    CHECK(contains(r.err, "rate limit exceeded"));
}

TEST_CASE("threads: an expired token ends with exit 3 naming authorize", "[threads]") {
    Authorized w;
    w.sandbox.control("faults", "expire_tokens=true");
    const auto r = w.agoras({"threads", "post", "--text", "x"});
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, "agoras threads authorize"));
}

TEST_CASE("threads: publishing never duplicates a post", "[threads]") {
    Authorized w;
    w.sandbox.control("faults", "publish_not_ready_next=2");
    CHECK(w.agoras({"threads", "post", "--text", "retried until ready"}).exit_code == 0);
    w.sandbox.control("faults", "publish_then_fail_next=1");
    const auto r = w.agoras({"threads", "post", "--text", "published but answered 500"});
    CHECK(r.exit_code == 0);
    CHECK(count_of(w.sandbox.state(), "published but answered 500") == 1);
    w.sandbox.control("faults", "server_error_next=1");
    CHECK(w.agoras({"threads", "post", "--text", "container creation failed"}).exit_code == 5);
    CHECK(count_of(w.sandbox.state(), "container creation failed") == 0);
}

TEST_CASE("threads: the four environment variables suffice and nothing is written to disk", "[threads]") {
    Authorized w;
    const std::string token = w.token();
    World ci;  // a fresh machine: another storage dir, same sandbox app
    auto env = w.sandbox.agoras_env(ci.store());
    env.set_env["THREADS_APP_ID"] = SandboxProcess::kAppId;
    env.set_env["THREADS_APP_SECRET"] = SandboxProcess::kAppSecret;
    env.set_env["THREADS_REFRESH_TOKEN"] = token.substr(0, token.size() - 1);
    env.set_env["THREADS_USER_ID"] = "17841400000000001";
    const auto r = run_agoras({"threads", "post", "--text", "from CI"}, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(fs::exists(ci.store()));
    env.set_env.erase("THREADS_APP_ID");
    CHECK(run_agoras({"threads", "post", "--text", "no app id is fine too"}, env).exit_code == 0);
    env.set_env.erase("THREADS_REFRESH_TOKEN");
    const auto missing = run_agoras({"threads", "post", "--text", "no token"}, env);
    CHECK(missing.exit_code == 3);
    CHECK(contains(missing.err, "agoras threads authorize"));
}

TEST_CASE("threads: a day-old token is refreshed once, by one process, and persisted", "[threads]") {
    Authorized w;
    const std::string before = w.token();
    w.sandbox.control("clock", "advance_seconds=" + std::to_string(2 * 86400));
    auto later = w.env();
    later.set_env["AGORAS_NOW"] = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                     std::chrono::system_clock::now().time_since_epoch())
                                                     .count() +
                                                 2 * 86400);
    std::vector<std::future<ProcessResult>> runs;
    for (int i = 0; i < 6; ++i) {
        runs.push_back(std::async(std::launch::async, [&] { return run_agoras({"threads", "whoami"}, later); }));
    }
    for (auto& run : runs) {
        const auto r = run.get();
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(contains(w.sandbox.state(), "\"refresh_calls\":1"));
    const std::string after = w.token();
    CHECK(after != before);
    const auto by_app = w.agoras({"utils", "tokens", "show", "--platform", "threads", "--identifier",
                                  SandboxProcess::kAppId, "--field", "refresh_token"});
    CHECK(by_app.out == after);  // both records stay in step
    CHECK(run_agoras({"threads", "post", "--text", "with the new token"}, later).exit_code == 0);
    CHECK(contains(w.sandbox.state(), "\"refresh_calls\":1"));  // not again within a day
}

TEST_CASE("threads: a refresh against an unresponsive API does not lock the vault for anyone else", "[threads]") {
    // Found by the red team: the refresh held the vault's write lock for ~122 s, so a parallel post or
    // tokens delete failed after 60 s with exit 8.
    Authorized w;
    agoras::test::HostileServer silent([](agoras::test::HostileServer& server, int fd, const std::string& request) {
        if (request.rfind("GET /refresh_access_token", 0) == 0) {
            while (!server.stopping()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            return;
        }
        agoras::test::HostileServer::send_all(
            fd, agoras::test::HostileServer::json_answer(200, R"({"id":"17841400000000001","username":"sandbox_user"})"));
    });
    const auto two_days_later = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                   std::chrono::system_clock::now().time_since_epoch())
                                                   .count() +
                                               2 * 86400);
    auto stuck = w.env();
    stuck.set_env["AGORAS_THREADS_GRAPH_URL"] = silent.url();
    stuck.set_env["AGORAS_NOW"] = two_days_later;
    stuck.set_env["AGORAS_HTTP_TIMEOUT"] = "2";
    auto refreshing = std::async(std::launch::async, [&] { return run_agoras({"threads", "whoami"}, stuck); });
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the refresh is under way

    const auto start = std::chrono::steady_clock::now();
    const auto writer = w.agoras({"utils", "tokens", "delete", "--platform", "threads", "--identifier", "unrelated"});
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(writer.exit_code != 8);
    CHECK(took < std::chrono::seconds(2));

    const auto r = refreshing.get();
    INFO(r.err);
    CHECK(r.exit_code == 0);  // a refresh that gets no answer only warns
    CHECK(contains(r.err, "could not refresh the Threads token"));

    // The lease was given back: the next run refreshes against the working API.
    w.sandbox.control("clock", "advance_seconds=" + std::to_string(2 * 86400));
    auto later = w.env();
    later.set_env["AGORAS_NOW"] = two_days_later;
    CHECK(run_agoras({"threads", "whoami"}, later).exit_code == 0);
    CHECK(contains(w.sandbox.state(), "\"refresh_calls\":1"));
}

TEST_CASE("threads: a persistent 429 costs at most the documented number of sends", "[threads]") {
    // The host owns retries (agoras.http/2): before ABI 1.1 the host, the Graph client and the
    // publisher each retried, and a persistent 429 cost up to 16 sends.
    Authorized w;
    const auto before = w.sandbox.state();
    const auto count = [](const std::string& state) {
        const auto at = state.find("\"requests\":");
        REQUIRE(at != std::string::npos);
        return std::stoi(state.substr(at + 11));
    };
    w.sandbox.control("faults", "http_429_next=100");
    const auto r = w.agoras({"threads", "whoami"});
    CHECK(r.exit_code == 4);
    CHECK(count(w.sandbox.state()) - count(before) == 4);  // AGORAS_HTTP_DEFAULT_ATTEMPTS
    w.sandbox.control("faults", "http_429_next=0&rate_limit_next=100");
    const auto throttled = w.sandbox.state();
    const auto graph = w.agoras({"threads", "post", "--text", "throttled by Graph code 4"});
    CHECK(graph.exit_code == 4);
    CHECK(count(w.sandbox.state()) - count(throttled) == 4);
}

TEST_CASE("threads: post --to threads and another platform at once", "[threads][post]") {
    Authorized w;
    auto env = w.env();
    env.unset_env.erase(std::remove(env.unset_env.begin(), env.unset_env.end(), "AGORAS_PLUGIN_PATH"), env.unset_env.end());
    env.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_TWO_PLUGINS_DIR;
    const auto r = w.agoras({"post", "--to", "threads,fixture", "--text", "one post, two platforms",
                             "--idempotency-key", "announce-1"},
                            env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, R"("platform":"threads","account":null,"status":"published","id":")"));
    CHECK(contains(w.sandbox.state(), "one post, two platforms"));
    const auto again = w.agoras({"post", "--to", "threads,fixture", "--text", "one post, two platforms",
                                 "--idempotency-key", "announce-1"},
                                env);
    CHECK(again.exit_code == 0);
    CHECK(count_of(again.out, "already-published") == 2);
    CHECK(contains(w.sandbox.state(), "\"publish_calls\":1"));
    // Too long for Threads (500 code points): refused before anything is sent anywhere.
    const auto too_long = w.agoras({"post", "--to", "fixture,threads", "--text", std::string(501, 'a')}, env);
    CHECK(too_long.exit_code == 2);
    CHECK(contains(too_long.err, "threads: --text is 501 characters long; Threads allows 500"));

    // A run killed while Meta processes the container: the rerun asks Meta about the checkpointed
    // container (unpublished), and only then publishes, once.
    w.sandbox.control("faults", "container_delay_ms=4000");
    auto killable = env;
    killable.set_env["AGORAS"] = AGORAS_BINARY;
    killable.set_env["AGORAS_SLEEP_SCALE"] = "1";  // real polling, so that it is still waiting when killed
    killable.set_env["AGORAS_CLAIM_LEASE"] = "1";  // its claim is abandoned a second after the kill
    const auto killed = agoras::test::run_process(
        {"/bin/sh", "-c",
         "\"$AGORAS\" post --to threads --text 'interrupted once' --idempotency-key k2 & pid=$!; sleep 1.5; kill -9 $pid; wait $pid"},
        killable);
    CHECK(killed.exit_code == 137);
    w.sandbox.control("faults", "container_delay_ms=0");
    const auto reconciled = w.agoras({"post", "--to", "threads", "--text", "interrupted once", "--idempotency-key", "k2"}, env);
    INFO(reconciled.err);
    CHECK(reconciled.exit_code == 0);
    CHECK(contains(reconciled.out, R"("status":"published")"));
    CHECK(count_of(w.sandbox.state(), "interrupted once") == 1);  // one published post, the killed run's container left unpublished

    // With --thread the long text becomes a reply chain on Threads, each part replying to the one before.
    std::string story;
    for (int i = 0; i < 20; ++i) story += "Sentence number " + std::to_string(i) + " of a long story. ";  // 700 characters
    const auto chained = w.agoras({"post", "--to", "threads", "--text", story, "--thread"}, env);
    INFO(chained.err);
    CHECK(chained.exit_code == 0);
    CHECK(contains(chained.out, R"("thread":2)"));
    const std::string state = w.sandbox.state();
    CHECK(contains(state, " 1/2\""));
    CHECK(contains(state, " 2/2\""));
    CHECK(contains(state, "\"reply_to\""));
}

TEST_CASE("threads: a fresh token is not refreshed", "[threads]") {
    Authorized w;
    CHECK(w.agoras({"threads", "whoami"}).exit_code == 0);
    CHECK(contains(w.sandbox.state(), "\"refresh_calls\":0"));
}

TEST_CASE("threads --dry-run prints the requests, redacted, and sends none", "[threads]") {
    Authorized w;
    const std::string token = w.token();
    const auto r = w.agoras({"threads", "post", "--text", "dry", "--image-1", "https://example.com/a.jpg",
                             "--image-2", "https://example.com/b.jpg", "--dry-run"});
    CHECK(r.exit_code == 0);
    CHECK(count_of(r.out, "\"dry_run\":true") == 7);
    CHECK(contains(r.out, "media_type=CAROUSEL"));
    CHECK(contains(r.out, "access_token=%5BREDACTED%5D"));
    CHECK_FALSE(contains(r.out, token.substr(0, 20)));
    CHECK(contains(w.sandbox.state(), "\"containers\":0"));
    const auto auth = w.agoras({"threads", "authorize", "--app-id", SandboxProcess::kAppId, "--app-secret",
                                SandboxProcess::kAppSecret, "--dry-run"});
    CHECK(auth.exit_code == 0);
    CHECK_FALSE(contains(auth.out, SandboxProcess::kAppSecret));
}

TEST_CASE("threads: no secret reaches stderr or stdout at debug level", "[threads]") {
    World w;
    const auto auth = w.agoras({"-l", "debug", "threads", "authorize", "--app-id", SandboxProcess::kAppId,
                                "--app-secret", SandboxProcess::kAppSecret});
    REQUIRE(auth.exit_code == 0);
    const std::string token = w.token();
    REQUIRE(token.size() > 30);
    const std::string secret_token = token.substr(0, token.size() - 1);
    CHECK(contains(auth.err, "HTTP POST"));  // debug logging is on
    CHECK_FALSE(contains(auth.err, SandboxProcess::kAppSecret));
    CHECK_FALSE(contains(auth.out, SandboxProcess::kAppSecret));

    auto env = w.env();
    env.set_env["THREADS_REFRESH_TOKEN"] = secret_token;
    env.set_env["THREADS_APP_SECRET"] = SandboxProcess::kAppSecret;
    w.sandbox.control("faults", "rate_limit_next=1&server_error_next=0");
    const auto post = w.agoras({"-l", "debug", "threads", "post", "--text", "secret-free logs"}, env);
    CHECK(post.exit_code == 0);
    CHECK(contains(post.err, "retrying"));
    for (const auto& stream : {post.err, post.out}) {
        CHECK_FALSE(contains(stream, secret_token));
        CHECK_FALSE(contains(stream, secret_token.substr(0, 24)));
        CHECK_FALSE(contains(stream, SandboxProcess::kAppSecret));
    }
}

TEST_CASE("threads: a token near its expiry warns, an expired one exits 3 naming authorize", "[threads]") {
    Authorized w;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto near = w.env();
    near.set_env["AGORAS_NOW"] = std::to_string(now + 55 * 86400);  // 5 days left; the sandbox declines the refresh
    const auto warned = w.agoras({"threads", "whoami"}, near);
    CHECK(warned.exit_code == 0);
    CHECK(contains(warned.err, "the Threads token expires on"));

    auto past = w.env();
    past.set_env["AGORAS_NOW"] = std::to_string(now + 61 * 86400);
    const auto expired = w.agoras({"threads", "post", "--text", "too late"}, past);
    CHECK(expired.exit_code == 3);
    CHECK(contains(expired.err, "expired on"));
    CHECK(contains(expired.err, "agoras threads authorize"));
    CHECK(contains(w.sandbox.state(), "\"containers\":0"));
}
