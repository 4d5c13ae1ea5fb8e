// `agoras post --to`: one post, several platforms, checked everywhere before anything is sent,
// published at once, never twice under one idempotency key. The targets are the fixture plugins
// "fixture" (text up to 50 characters) and "second" (up to 20), which count what they publish.
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

using agoras::test::contains;
using agoras::test::count_of;
using agoras::test::ProcessOptions;
using agoras::test::run_agoras;

namespace {

struct World {
    agoras::test::TempDir dir{"post"};
    ProcessOptions env() const {
        ProcessOptions options;
        options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_TWO_PLUGINS_DIR;
        options.set_env["AGORAS_STORAGE_DIR"] = (dir.path() / "store").string();
        options.unset_env = {"AGORAS_VAULT_KEY", "AGORAS_STATE_DIR", "FIXTURE_FAIL_PLATFORM", "FIXTURE_PUBLISH_DELAY_MS",
                             "STATUS_TEXT", "STATUS_LINK"};
        return options;
    }
    // Stores an account of the fixture platform in the vault.
    void add_account(const std::string& account) const {
        const auto r = run_agoras({"fixture", "vault-put", "--identifier", account, "--field", "token", "--value", "t"}, env());
        REQUIRE(r.exit_code == 0);
    }
    // How many posts a platform's fixture really published (its own counter in the vault).
    int published(const std::string& platform) const {
        const auto r = run_agoras({platform, "vault-get", "--identifier", "publishes"}, env());
        const auto at = r.out.find("\"count\":");
        return at == std::string::npos ? 0 : std::stoi(r.out.substr(at + 8));
    }
};

std::string line_of(const std::string& out, const std::string& platform) {
    std::size_t start = 0;
    while (start < out.size()) {
        const auto end = out.find('\n', start);
        const std::string line = out.substr(start, end - start);
        if (contains(line, "\"platform\":\"" + platform + "\"")) return line;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return "";
}

}  // namespace

TEST_CASE("post --to: one JSON line per target, published to each", "[cli][post]") {
    World w;
    const auto r = run_agoras({"post", "--to", "fixture", "--to", "second", "--text", "hello"}, w.env());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r.out, "\n") == 2);
    CHECK(contains(line_of(r.out, "fixture"), R"("status":"published","id":"fixture-default-1","url":"https://example.com/fixture-default-1","error":null,"exit_code":0)"));
    CHECK(contains(line_of(r.out, "second"), R"("account":null,"status":"published")"));
    CHECK(w.published("fixture") == 1);
    CHECK(w.published("second") == 1);
}

TEST_CASE("post --to: a post one target cannot take is refused before anything is sent", "[cli][post]") {
    World w;
    const auto r = run_agoras({"post", "--to", "fixture,second", "--text", "a text of thirty characters.."}, w.env());
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "nothing was sent"));
    CHECK(contains(r.err, "second: the text is 29 characters; second takes 20"));
    CHECK(contains(r.err, "agoras post --help"));
    CHECK(w.published("fixture") == 0);
    // Each platform may get its own text.
    const auto fitted = run_agoras({"post", "--to", "fixture,second", "--text", "a text of thirty characters..",
                                    "--text-for", "second=short one"},
                                   w.env());
    CHECK(fitted.exit_code == 0);
    CHECK(run_agoras({"post", "--to", "nosuch", "--text", "x"}, w.env()).exit_code == 2);
}

TEST_CASE("post --to: a failing target, then a rerun with the same key publishes only what is missing",
          "[cli][post]") {
    World w;
    auto failing = w.env();
    failing.set_env["FIXTURE_FAIL_PLATFORM"] = "second";
    const auto first = run_agoras({"post", "--to", "fixture,second", "--text", "release 1.2", "--idempotency-key",
                                   "release-1.2"},
                                  failing);
    CHECK(first.exit_code == 9);  // some published, some failed
    CHECK(contains(line_of(first.out, "second"), R"("status":"failed")"));
    CHECK(contains(line_of(first.out, "second"), R"("error":"the fixture refused the post","exit_code":5)"));
    const auto again = run_agoras({"post", "--to", "fixture,second", "--text", "release 1.2", "--idempotency-key",
                                   "release-1.2"},
                                  w.env());
    CHECK(again.exit_code == 0);
    CHECK(contains(line_of(again.out, "fixture"), R"("status":"already-published","id":"fixture-default-1")"));
    CHECK(contains(line_of(again.out, "second"), R"("status":"published")"));
    CHECK(w.published("fixture") == 1);  // never twice
    CHECK(w.published("second") == 1);
    // Every target failing is its own exit code, not the partial one.
    failing.set_env["FIXTURE_FAIL_PLATFORM"] = "fixture";
    CHECK(run_agoras({"post", "--to", "fixture", "--text", "x"}, failing).exit_code == 5);
}

TEST_CASE("post --to: a run killed while publishing is reconciled, or reported unknown, never re-sent", "[cli][post]") {
    World w;
    auto slow = w.env();
    slow.set_env["FIXTURE_PUBLISH_DELAY_MS"] = "3000";
    slow.set_env["AGORAS_CLAIM_LEASE"] = "1";  // its claims are abandoned a second after the kill
    slow.set_env["AGORAS"] = AGORAS_BINARY;
    slow.set_env["HOME"] = w.dir.path().string();
    // Killed (SIGKILL) after both platforms published and before they answered: the journal says "pending".
    const auto killed = agoras::test::run_process(
        {"/bin/sh", "-c",
         "\"$AGORAS\" post --to fixture,second --text interrupted --idempotency-key k & pid=$!; sleep 1; kill -9 $pid; wait $pid"},
        slow);
    CHECK(killed.exit_code == 137);
    CHECK(w.published("fixture") == 1);
    const auto rerun = run_agoras({"post", "--to", "fixture,second", "--text", "interrupted", "--idempotency-key", "k"},
                                  w.env());
    // "fixture" can tell from its checkpoint that it did publish; "second" cannot tell, so it is left alone.
    CHECK(contains(line_of(rerun.out, "fixture"), R"("status":"already-published","id":"fixture-default-1")"));
    CHECK(contains(line_of(rerun.out, "second"), R"("status":"unknown")"));
    CHECK(contains(rerun.out, "may or may not have been published"));
    CHECK(rerun.exit_code == 9);
    CHECK(w.published("fixture") == 1);
    CHECK(w.published("second") == 1);
}

TEST_CASE("post --to: targets publish at once, so the wall time is the slowest, not the sum", "[cli][post]") {
    World w;
    w.add_account("one");
    w.add_account("two");
    auto slow = w.env();
    slow.set_env["FIXTURE_PUBLISH_DELAY_MS"] = "1000";
    const auto start = std::chrono::steady_clock::now();
    const auto r = run_agoras({"post", "--to", "fixture:one,fixture:two,second", "--text", "at once"}, slow);
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, R"("account":"one")"));
    CHECK(contains(r.out, R"("account":"two")"));
    CHECK(took < std::chrono::milliseconds(1500));
}

TEST_CASE("post --to PLATFORM:ACCOUNT posts as that account, and an unknown one stops everything", "[cli][post]") {
    World w;
    w.add_account("one");
    w.add_account("two");
    const auto r = run_agoras({"post", "--to", "fixture:two,fixture:one,fixture", "--text", "as whom"}, w.env());
    CHECK(r.exit_code == 0);
    // The plugin saw each named account as its default; the plain target kept the vault's default.
    CHECK(contains(r.out, R"("account":"two","status":"published","id":"fixture-two-)"));
    CHECK(contains(r.out, R"("account":"one","status":"published","id":"fixture-one-)"));
    CHECK(contains(r.out, R"("account":null,"status":"published","id":"fixture-default-)"));

    const auto unknown = run_agoras({"post", "--to", "second,fixture:nobody", "--text", "who?"}, w.env());
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "no fixture account 'nobody'"));
    CHECK(contains(unknown.err, "it holds: one, two"));  // accounts, not the fixture's counter
    CHECK(unknown.out.empty());
    CHECK(w.published("second") == 0);
    CHECK(w.published("fixture") == 3);
}

TEST_CASE("post --to: stdin, a file, images, and --dry-run that sends nothing", "[cli][post]") {
    World w;
    auto piped = w.env();
    piped.stdin_data = "from stdin\n";
    const auto dry = run_agoras({"post", "--to", "fixture,second", "--text", "-", "--image", "https://example.com/a.png",
                                 "--image-2", "https://example.com/b.png", "--dry-run"},
                                piped);
    CHECK(dry.exit_code == 0);
    CHECK(contains(line_of(dry.out, "fixture"), R"("status":"dry-run")"));
    CHECK(contains(line_of(dry.out, "fixture"), R"("would_send":{"text":"from stdin","images":2})"));
    CHECK(w.published("fixture") == 0);
    std::ofstream(w.dir.path() / "post.txt") << "from a file\n";
    const auto file = run_agoras({"post", "--to", "second", "--text-file", (w.dir.path() / "post.txt").string()}, w.env());
    CHECK(file.exit_code == 0);
    CHECK(run_agoras({"post", "--to", "second", "--text", "x", "--video", "https://example.com/v.mp4"}, w.env()).exit_code ==
          2);  // the fixture takes no video: refused before sending
}

TEST_CASE("post --to @group: targets from the configuration file, written by agoras config", "[cli][post]") {
    World w;
    auto env = w.env();
    env.set_env["XDG_CONFIG_HOME"] = (w.dir.path() / "config").string();
    CHECK(run_agoras({"config", "set", "groups.release", "fixture,second"}, env).exit_code == 0);
    CHECK(run_agoras({"config", "get", "groups.release"}, env).out == "fixture,second\n");
    const auto listed = run_agoras({"config", "list"}, env);
    CHECK(contains(listed.out, "groups.release=fixture,second\n"));
    const auto r = run_agoras({"post", "--to", "@release,fixture", "--text", "grouped"}, env);
    CHECK(r.exit_code == 0);
    CHECK(count_of(r.out, "\n") == 2);  // fixture once, though named twice
    CHECK(run_agoras({"post", "--to", "@nope", "--text", "x"}, env).exit_code == 2);
    CHECK(run_agoras({"config", "set", "colour", "blue"}, env).exit_code == 2);
    std::ofstream(w.dir.path() / "config" / "agoras" / "config.toml") << "[groups\nbroken";
    const auto broken = run_agoras({"post", "--to", "@release", "--text", "x"}, env);
    CHECK(broken.exit_code == 2);
    CHECK(contains(broken.err, "is not valid TOML (line 1)"));
}

TEST_CASE("config defaults apply to a platform's options after the command line and the environment", "[cli][post]") {
    World w;
    auto env = w.env();
    env.set_env["XDG_CONFIG_HOME"] = (w.dir.path() / "config").string();
    CHECK(run_agoras({"config", "set", "defaults.fixture.count", "7"}, env).exit_code == 0);
    CHECK(contains(run_agoras({"fixture", "echo", "--text", "x"}, env).out, "\"count\":7"));
    CHECK(contains(run_agoras({"fixture", "echo", "--text", "x", "--count", "2"}, env).out, "\"count\":2"));
    env.set_env["FIXTURE_COUNT"] = "3";
    CHECK(contains(run_agoras({"fixture", "echo", "--text", "x"}, env).out, "\"count\":3"));
    // A secret option's default would sit in clear in the file: refused, naming where it belongs.
    const auto secret = run_agoras({"config", "set", "defaults.fixture.token", "s3cret-token-value"}, env);
    CHECK(secret.exit_code == 2);
    CHECK(contains(secret.err, "secrets do not belong in the configuration file"));
    CHECK(contains(secret.err, "FIXTURE_TOKEN"));
    CHECK_FALSE(contains(run_agoras({"config", "list"}, env).out, "s3cret-token-value"));
}

TEST_CASE("post --to --thread: a text too long for a target becomes a numbered chain there", "[cli][post]") {
    World w;
    const std::string text = "The first sentence. The second one is here. And a third, the last.";
    CHECK(run_agoras({"post", "--to", "fixture", "--text", text}, w.env()).exit_code == 2);
    const auto dry = run_agoras({"post", "--to", "fixture", "--text", text, "--thread", "--dry-run"}, w.env());
    CHECK(dry.exit_code == 0);
    CHECK(contains(dry.out, R"("would_send":{"thread":["The first sentence. The second one is 1/2","here. And a third, the last. 2/2"]})"));
    const auto r = run_agoras({"post", "--to", "fixture", "--text", text, "--thread"}, w.env());
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, R"("thread":2)"));
    CHECK(w.published("fixture") == 2);
}

TEST_CASE("post --to: a text file with a NUL byte or in UTF-16 is refused, never posted cut short", "[cli][post][security]") {
    World w;
    const auto write = [&](const std::string& name, const std::string& bytes) {
        const auto path = (w.dir.path() / name).string();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    };
    const auto nul = run_agoras({"post", "--to", "fixture", "--text-file", write("nul.txt", std::string("before\0after", 12))},
                                w.env());
    CHECK(nul.exit_code == 2);
    CHECK(contains(nul.err, "holds a NUL byte at byte 6"));
    const auto utf16 = run_agoras({"post", "--to", "fixture", "--text-file", write("utf16.txt", std::string("h\0i\0", 4))},
                                  w.env());
    CHECK(utf16.exit_code == 2);
    CHECK(contains(utf16.err, "NUL byte at byte 1"));
    const auto bom = run_agoras({"post", "--to", "fixture", "--text-file", write("bom.txt", std::string("\xff\xfeh\0", 4))},
                                w.env());
    CHECK(bom.exit_code == 2);
    CHECK(w.published("fixture") == 0);
}

TEST_CASE("post --to: a stack overflow in a plugin on a worker thread is a message and exit 7, not a bare 139", "[cli][post][security]") {
    World w;
    auto env = w.env();
    env.set_env["FIXTURE_STACK_OVERFLOW"] = "1";
    const auto r = run_agoras({"post", "--to", "fixture", "--text", "deep"}, env);
    CHECK(r.exit_code == 7);
    CHECK(contains(r.err, "crashed in 'fixture (publishing a post)' (SIGSEGV"));
}

TEST_CASE("config: a FIFO or a directory as the file is refused at once, and a symlinked file keeps its link", "[cli][config]") {
    World w;
    auto env = w.env();
    env.set_env["XDG_CONFIG_HOME"] = (w.dir.path() / "config").string();
    std::filesystem::create_directories(w.dir.path() / "config" / "agoras");
    const auto file = w.dir.path() / "config" / "agoras" / "config.toml";
    REQUIRE(mkfifo(file.c_str(), 0600) == 0);
    env.timeout_seconds = 10;
    const auto fifo = run_agoras({"config", "list"}, env);
    CHECK(fifo.exit_code == 2);  // not a hang
    CHECK(contains(fifo.err, "is not a regular file"));
    std::filesystem::remove(file);
    std::filesystem::create_directory(file);
    CHECK(run_agoras({"config", "list"}, env).exit_code == 2);
    std::filesystem::remove(file);
    std::ofstream(w.dir.path() / "shared.toml") << "[groups]\nteam = [\"fixture\"]\n";
    std::filesystem::create_symlink(w.dir.path() / "shared.toml", file);
    CHECK(run_agoras({"config", "set", "groups.release", "second"}, env).exit_code == 0);
    CHECK(std::filesystem::is_symlink(file));
    std::ifstream shared(w.dir.path() / "shared.toml");
    const std::string text((std::istreambuf_iterator<char>(shared)), std::istreambuf_iterator<char>());
    CHECK(contains(text, "release"));
    CHECK(contains(text, "team"));
}

TEST_CASE("config set and unset keep the file's comments, layout and permissions", "[cli][config]") {
    World w;
    auto env = w.env();
    env.set_env["XDG_CONFIG_HOME"] = (w.dir.path() / "config").string();
    std::filesystem::create_directories(w.dir.path() / "config" / "agoras");
    const auto file = w.dir.path() / "config" / "agoras" / "config.toml";
    std::ofstream(file) << "# Release targets: ask #launch first\n[groups]\nrelease = [\"fixture\"]  # for now\n\n"
                           "[defaults.fixture]\n# seven, per the style guide\ncount = \"7\"\n";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    CHECK(run_agoras({"config", "set", "groups.release", "fixture,second"}, env).exit_code == 0);
    CHECK(run_agoras({"config", "set", "defaults.fixture.count", "3"}, env).exit_code == 0);
    CHECK(run_agoras({"config", "set", "groups.team", "second"}, env).exit_code == 0);
    CHECK(run_agoras({"config", "unset", "defaults.fixture.count"}, env).exit_code == 0);
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text ==
          "# Release targets: ask #launch first\n[groups]\nteam = [ 'second' ]\nrelease = [ 'fixture', 'second' ]  # for now\n\n"
          "[defaults.fixture]\n# seven, per the style guide\n");
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(contains(run_agoras({"config", "list"}, env).out, "groups.release=fixture,second\ngroups.team=second\n"));
}

TEST_CASE("config set checks keys and values against the platforms' declarations, unset removes, typos get suggestions", "[cli][config]") {
    agoras::test::TempDir dir("config-checks");
    ProcessOptions env;
    env.set_env["XDG_CONFIG_HOME"] = (dir.path() / "config").string();
    env.set_env["AGORAS_STORAGE_DIR"] = (dir.path() / "store").string();
    const auto platform = run_agoras({"config", "set", "defaults.mastdon.visibility", "public"}, env);
    CHECK(platform.exit_code == 2);
    CHECK(contains(platform.err, "did you mean 'mastodon'?"));
    const auto option = run_agoras({"config", "set", "defaults.mastodon.visiblity", "public"}, env);
    CHECK(option.exit_code == 2);
    CHECK(contains(option.err, "did you mean 'visibility'?"));
    CHECK(run_agoras({"config", "set", "groups.release", "threds"}, env).exit_code == 2);
    CHECK(run_agoras({"config", "set", "defaults.mastodon.sensitive", "maybe"}, env).exit_code == 2);
    // A value the option's declared choices do not hold, there and on the command line, before anything runs.
    const auto choice = run_agoras({"config", "set", "defaults.mastodon.visibility", "publik"}, env);
    CHECK(choice.exit_code == 2);
    CHECK(contains(choice.err, "--visibility takes public, unlisted, private or direct, not 'publik' (did you mean 'public'?)"));
    const auto given = run_agoras({"mastodon", "post", "--text", "x", "--visibility", "Public"}, env);
    CHECK(given.exit_code == 2);
    CHECK(contains(given.err, "--visibility takes public, unlisted, private or direct, not 'Public'"));
    CHECK(run_agoras({"config", "set", "default.mastodon.visibility", "x"}, env).exit_code == 2);
    CHECK(run_agoras({"config", "list"}, env).out.find("visib") == std::string::npos);  // nothing was written
    CHECK(run_agoras({"config", "set", "defaults.mastodon.visibility", "unlisted"}, env).exit_code == 0);
    CHECK(run_agoras({"config", "unset", "defaults.mastodon.visibility"}, env).exit_code == 0);
    CHECK(run_agoras({"config", "get", "defaults.mastodon.visibility"}, env).exit_code == 1);
    CHECK(run_agoras({"config", "unset", "defaults.mastodon.visibility"}, env).exit_code == 1);
    const auto target = run_agoras({"post", "--to", "mastdon", "--text", "x"}, env);
    CHECK(target.exit_code == 2);
    CHECK(contains(target.err, "did you mean 'mastodon'?"));
}

TEST_CASE("post --to tells a terminal what it is publishing, and -l warning or -q keeps it quiet", "[cli][post]") {
    World w;
    auto env = w.env();
    env.set_env["AGORAS"] = AGORAS_BINARY;
    const auto said = agoras::test::run_process({"/bin/bash", "-c", "script -qec '\"$AGORAS\" post --to fixture --text hello' /dev/null"}, env);
    CHECK(contains(said.out, "agoras: publishing to fixture..."));
    const auto quiet = agoras::test::run_process(
        {"/bin/bash", "-c", "script -qec '\"$AGORAS\" -l warning post --to fixture --text hello2' /dev/null"}, env);
    CHECK_FALSE(contains(quiet.out, "publishing to"));
    CHECK(contains(quiet.out, "published"));  // the result is still there (readable on a terminal)
    const auto q = agoras::test::run_process({"/bin/bash", "-c", "script -qec '\"$AGORAS\" -q post --to fixture --text hello3' /dev/null"}, env);
    CHECK_FALSE(contains(q.out, "publishing to"));
    CHECK(contains(q.out, "published"));
    CHECK(run_agoras({"-q", "-l", "debug", "version"}, env).exit_code == 2);
}
