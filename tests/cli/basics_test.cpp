// The real build/bin/agoras, run as a user would: version, help, usage errors and exit codes.
#include "support/text.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

using agoras::test::ProcessOptions;
using agoras::test::run_agoras;

using agoras::test::contains;
namespace {

ProcessOptions with_good_plugin() {
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_GOOD_FIXTURE_DIR;
    return options;
}

std::string project_version() {
    std::ifstream in(std::string(AGORAS_SOURCE_DIR) + "/CMakeLists.txt");
    std::stringstream text;
    text << in.rdbuf();
    std::smatch match;
    const std::string s = text.str();
    REQUIRE(std::regex_search(s, match, std::regex(R"(project\(agoras VERSION ([0-9.]+))")));
    return match[1];
}

}  // namespace

TEST_CASE("version flag prints the project version, and so does agoras version", "[cli]") {
    CHECK(run_agoras({"version", "extra"}).exit_code == 2);
    for (const char* flag : {"--version", "-V", "version"}) {
        const auto r = run_agoras({flag});
        CHECK(r.exit_code == 0);
        CHECK(r.out == "agoras " + project_version() + "\n");
        CHECK(r.err.empty());
    }
}

TEST_CASE("help lists platforms from plugins, built-in commands and exit codes", "[cli]") {
    const auto r = run_agoras({"--help"}, with_good_plugin());
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "Usage:"));
    CHECK(contains(r.out, "fixture"));
    CHECK(contains(r.out, "A platform that exists only in the test suite"));
    CHECK(contains(r.out, "plugins"));
    CHECK(contains(r.out, "--loglevel"));
    CHECK(contains(r.out, "Exit codes"));
    CHECK(run_agoras({}, with_good_plugin()).out == r.out);  // no command: the same help
}

TEST_CASE("platform and action help come from the plugin's declarations", "[cli]") {
    const auto platform = run_agoras({"fixture", "--help"}, with_good_plugin());
    CHECK(platform.exit_code == 0);
    CHECK(contains(platform.out, "echo"));
    CHECK(contains(platform.out, "Print the options back as JSON"));

    const auto action = run_agoras({"fixture", "echo", "--help"}, with_good_plugin());
    CHECK(action.exit_code == 0);
    CHECK(contains(action.out, "--text"));
    CHECK(contains(action.out, "required"));
    CHECK(contains(action.out, "env FIXTURE_COUNT"));
    CHECK(contains(action.out, "secret"));
}

TEST_CASE("an action runs from declaration to one JSON line on stdout", "[cli]") {
    auto options = with_good_plugin();
    options.set_env["FIXTURE_COUNT"] = "12";
    const auto r = run_agoras({"fixture", "echo", "--text", "hello \"world\"", "--shout"}, options);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"text\":\"hello \\\"world\\\"\",\"count\":12,\"shout\":true,\"has_token\":false}\n");
    CHECK(r.err.empty());
}

TEST_CASE("usage errors exit 2 and name the problem on stderr", "[cli]") {
    const auto options = with_good_plugin();
    struct Case {
        std::vector<std::string> args;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {{"--bogus"}, "--bogus"},
        {{"--vers"}, "--vers"},  // abbreviations are not guessed
        {{"-l", "loud"}, "loud"},
        {{"nosuchplatform", "post"}, "nosuchplatform"},
        {{"fixture"}, "missing action"},
        {{"fixture", "nosuchaction"}, "nosuchaction"},
        {{"fixture", "echo"}, "--text"},
        {{"fixture", "echo", "--text", "a", "--bogus"}, "--bogus"},
        {{"fixture", "echo", "--text", "a", "stray"}, "stray"},
        {{"fixture", "echo", "--tex", "a"}, "--tex"},
        {{"fixture", "echo", "--text", "a", "--count", "x"}, "whole number"},
        {{"plugins", "frobnicate"}, "frobnicate"},
    };
    for (const auto& c : cases) {
        INFO("args: " << Catch::Detail::stringify(c.args));
        const auto r = run_agoras(c.args, options);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(contains(r.err, c.expected));
    }
}

TEST_CASE("a plugin's status becomes the exit code and exceptions are reported, not fatal", "[cli]") {
    const auto options = with_good_plugin();
    for (int status : {3, 4, 5, 6}) {
        const auto r = run_agoras({"fixture", "fail", "--status", std::to_string(status)}, options);
        CHECK(r.exit_code == status);
        CHECK(contains(r.err, "failed on purpose"));
        CHECK(r.out.empty());
    }
    const auto thrown = run_agoras({"fixture", "throw"}, options);
    CHECK(thrown.exit_code == 7);
    CHECK(contains(thrown.err, "std::logic_error"));

    const auto bad = run_agoras({"fixture", "bad-result"}, options);
    CHECK(bad.exit_code == 7);
    CHECK(contains(bad.err, "not a JSON object"));
    CHECK(bad.out.empty());
}

TEST_CASE("secrets never reach a log line at any level", "[cli]") {
    const std::string token = "tok-SECRET-9f8e7d";
    auto options = with_good_plugin();
    const auto r = run_agoras({"-l", "debug", "fixture", "log-secret", "--token", token}, options);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "debug line with token [REDACTED]"));
    CHECK(contains(r.err, "fixture: warning: warning line with token [REDACTED]"));
    CHECK(contains(r.err, "after registering: [REDACTED]"));
    CHECK_FALSE(contains(r.err, token));
    CHECK_FALSE(contains(r.out, token));

    options.set_env["FIXTURE_TOKEN"] = token;  // secrets from the environment too
    const auto env = run_agoras({"-l", "debug", "fixture", "echo", "--text", "x"}, options);
    CHECK(env.exit_code == 0);
    CHECK(contains(env.out, "\"has_token\":true"));
    CHECK_FALSE(contains(env.err, token));
}

TEST_CASE("results on stdout are never altered by redaction", "[cli]") {
    // Found by the red team: with a secret "1", a result printed {"id":"[REDACTED]8000000000000002"},
    // and a secret '"' made the line invalid JSON.
    auto options = with_good_plugin();
    for (const std::string secret : {"1", "\"", "tok-SECRET-9f8e7d"}) {
        options.set_env["FIXTURE_TOKEN"] = secret;
        const std::string text = "id 18000000000000002 \" tok-SECRET-9f8e7d";
        const auto r = run_agoras({"fixture", "echo", "--text", text}, options);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "\"text\":\"id 18000000000000002 \\\" tok-SECRET-9f8e7d\""));
        CHECK_FALSE(contains(r.out, "[REDACTED]"));
    }
}

TEST_CASE("the log level filters plugin log lines", "[cli]") {
    const auto r = run_agoras({"-l", "error", "fixture", "log-secret", "--token", "abcdefgh"}, with_good_plugin());
    CHECK(r.exit_code == 0);
    CHECK_FALSE(contains(r.err, "warning line"));
    CHECK(contains(r.err, "error line"));
}

TEST_CASE("a result that cannot be written to stdout is an error that still names it", "[cli]") {
    // Found by the red team: with stdout on /dev/full or closed, a post exited 0 and its id was lost.
    auto options = with_good_plugin();
    options.stdout_path = "/dev/full";
    const auto full = run_agoras({"fixture", "echo", "--text", "published-id-1789"}, options);
    CHECK(full.exit_code == 1);
    CHECK(contains(full.err, "could not write this result to stdout (No space left on device)"));
    CHECK(contains(full.err, "published-id-1789"));

    options.stdout_path.clear();
    options.close_stdout = true;
    const auto closed = run_agoras({"fixture", "echo", "--text", "published-id-1789"}, options);
    CHECK(closed.exit_code == 1);
    CHECK(contains(closed.err, "stdout is closed"));
    CHECK(contains(closed.err, "published-id-1789"));

    // Output printed by built-in commands too.
    auto plain = ProcessOptions{};
    plain.stdout_path = "/dev/full";
    CHECK(run_agoras({"--version"}, plain).exit_code == 1);
    plain.stdout_path.clear();
    plain.close_stdout = true;
    CHECK(run_agoras({"--version"}, plain).exit_code == 1);
}

TEST_CASE("invalid UTF-8 in an option value is a usage error, and nothing runs", "[cli]") {
    auto options = with_good_plugin();
    for (const std::string bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
        const auto r = run_agoras({"fixture", "echo", "--text", "before " + bad + " after"}, options);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "the option '--text' is not valid UTF-8 text"));
        CHECK(r.out.empty());
    }
}

TEST_CASE("a missing secret option is asked for on a terminal with echo off", "[cli]") {
    // The fixture's log-secret action requires the secret --token; the pseudo-terminal comes from script(1).
    auto options = with_good_plugin();
    options.set_env["AGORAS"] = AGORAS_BINARY;
    // Typed once the prompt is up, as a person would.
    const auto r = agoras::test::run_process(
        {"/bin/sh", "-c", "(sleep 1; echo typed-secret-value) | script -qec '\"$AGORAS\" fixture log-secret' /dev/null"},
        options);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "--token (input hidden): "));
    CHECK(contains(r.out, "logged true"));  // a terminal gets the readable form
    CHECK_FALSE(contains(r.out, "typed-secret-value"));  // neither echoed nor logged
    // Without a terminal, nothing is asked: the usual usage error.
    const auto piped = run_agoras({"fixture", "log-secret"}, with_good_plugin());
    CHECK(piped.exit_code == 2);
    CHECK(contains(piped.err, "'--token' is required"));
}

TEST_CASE("commands that hold secrets cannot dump core or be read through ptrace", "[cli]") {
    const auto r = run_agoras({"fixture", "process-state"}, with_good_plugin());
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "\"dumpable\":0"));
    CHECK(contains(r.out, "\"core_limit\":0"));
}

TEST_CASE("list options repeat, keep the numbered names, and pair up by position", "[cli]") {
    const auto r = run_agoras({"fixture", "echo-list", "--image-1", "a.jpg", "--alt-text-1", "first", "--image", "c.jpg",
                               "--alt-text", "third", "--image-2", "b.jpg"},
                              with_good_plugin());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, R"("images":["a.jpg","b.jpg","c.jpg"])"));
    CHECK(contains(r.out, R"("alt_texts":["first","third"])"));
    const auto help = run_agoras({"fixture", "echo-list", "--help"}, with_good_plugin());
    CHECK(contains(help.out, "repeatable; also --image-1 ... --image-4"));
    CHECK_FALSE(contains(help.out, "--image-2"));  // the numbered forms are not listed one by one
    CHECK(run_agoras({"fixture", "echo-list", "--image-5", "x"}, with_good_plugin()).exit_code == 2);
}

TEST_CASE("text options read '-' from stdin and --NAME-file from a file", "[cli]") {
    auto options = with_good_plugin();
    options.stdin_data = "line one\nline \"two\"\n\n";
    const auto piped = run_agoras({"fixture", "echo-list", "--text", "-"}, options);
    CHECK(piped.exit_code == 0);
    CHECK(contains(piped.out, R"("text":"line one\nline \"two\"")"));

    agoras::test::TempDir dir("text-file");
    std::ofstream(dir.path() / "post.txt") << "from a file\n";
    const auto file = run_agoras({"fixture", "echo-list", "--text-file", (dir.path() / "post.txt").string()},
                                 with_good_plugin());
    CHECK(file.exit_code == 0);
    CHECK(contains(file.out, R"("text":"from a file")"));
    const auto both = run_agoras({"fixture", "echo-list", "--text", "x", "--text-file", (dir.path() / "post.txt").string()},
                                 with_good_plugin());
    CHECK(both.exit_code == 2);
    const auto missing = run_agoras({"fixture", "echo-list", "--text-file", (dir.path() / "nope.txt").string()},
                                    with_good_plugin());
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "is not a readable file"));
    std::ofstream(dir.path() / "bad.txt") << "\xc0\xaf";
    CHECK(run_agoras({"fixture", "echo-list", "--text-file", (dir.path() / "bad.txt").string()}, with_good_plugin())
              .exit_code == 2);
}

TEST_CASE("utils media-limits prints what the plugins declare, in the original's formats", "[cli]") {
    const auto r = run_agoras({"utils", "media-limits", "--platform", "Threads"});
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "threads      image max=   8MB transfer=url_pull     mime=image/jpeg,image/jpg,image/png\n"
          "threads      video max=   4GB transfer=url_pull     mime=video/avi,video/mov,video/mp4,video/webm\n");
    const auto json = run_agoras({"utils", "media-limits", "--kind", "image", "--json"});
    CHECK(json.exit_code == 0);
    CHECK(contains(json.out, "\"max_bytes\": 8388608"));
    CHECK(contains(json.out, "\"max_width\": 1440"));
    CHECK(contains(json.out, "\"min_duration_s\": null"));
    CHECK(contains(json.out, "\"text_counting\": \"code_points\""));
    CHECK_FALSE(contains(json.out, "\"video\""));
    CHECK(run_agoras({"utils", "media-limits", "--kind", "audio"}).exit_code == 2);
}

TEST_CASE("help lists every environment variable: the host's and each platform's settings", "[cli]") {
    const auto main = run_agoras({"--help"});
    CHECK(contains(main.out, "Environment:"));
    CHECK(contains(main.out, "AGORAS_HTTP_TIMEOUT"));
    CHECK(contains(main.out, "AGORAS_VAULT_KEY"));
    CHECK_FALSE(contains(main.out, "AGORAS_CRASHED_PLUGINS"));  // internal
    // The OAuth callback's settings are the host's, for every platform.
    CHECK(contains(main.out, "AGORAS_OAUTH_PORT"));
    CHECK(contains(main.out, "AGORAS_OAUTH_TIMEOUT"));
    const auto threads = run_agoras({"threads", "--help"});
    CHECK(contains(threads.out, "AGORAS_THREADS_GRAPH_URL"));
    CHECK(contains(threads.out, "(default https://graph.threads.net)"));
    CHECK_FALSE(contains(threads.out, "AGORAS_OAUTH_PORT"));
}

TEST_CASE("agoras-sandbox --help prints its help instead of starting a server", "[cli]") {
    const auto r = agoras::test::run_process({AGORAS_SANDBOX_BINARY, "--help"}, {});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "Usage: agoras-sandbox"));
    CHECK(contains(r.out, "threads"));
    CHECK(agoras::test::run_process({AGORAS_SANDBOX_BINARY, "--bogus", "1"}, {}).exit_code == 2);
}

TEST_CASE("a mistyped platform, action or option gets a suggestion", "[cli]") {
    const auto platform = run_agoras({"thread", "post"});
    CHECK(platform.exit_code == 2);
    CHECK(contains(platform.err, "unknown command or platform 'thread' (did you mean 'threads'?)"));
    const auto action = run_agoras({"threads", "psot"});
    CHECK(action.exit_code == 2);
    CHECK(contains(action.err, "unknown action 'psot' for threads (did you mean 'post'?)"));
    const auto option = run_agoras({"threads", "post", "--txt", "hello"});
    CHECK(option.exit_code == 2);
    CHECK(contains(option.err, "(did you mean 'text'?)"));
    const auto far = run_agoras({"threads", "post", "--completely-different", "x"});
    CHECK_FALSE(contains(far.err, "did you mean"));
}

TEST_CASE("each utils tokens subcommand has its own help", "[cli]") {
    const auto show = run_agoras({"utils", "tokens", "show", "--help"});
    CHECK(show.exit_code == 0);
    CHECK(show.out.rfind("Usage: agoras utils tokens show", 0) == 0);
    const auto list = run_agoras({"utils", "tokens", "list", "--help"});
    CHECK(list.out.rfind("Usage: agoras utils tokens list", 0) == 0);
    CHECK(list.out != show.out);
}

TEST_CASE("the log level is accepted after the command too", "[cli]") {
    const auto r = run_agoras({"fixture", "log-secret", "--token", "tok-SECRET-9f8e7d", "-l", "debug"}, with_good_plugin());
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "debug line with token [REDACTED]"));
    CHECK(run_agoras({"fixture", "echo", "--text", "x", "--loglevel", "loud"}, with_good_plugin()).exit_code == 2);
}

TEST_CASE("results are readable lines on a terminal and JSON lines elsewhere, --json and --format choose", "[cli][output]") {
    auto options = with_good_plugin();
    options.set_env["AGORAS"] = AGORAS_BINARY;
    const auto on_terminal = [&](const std::string& args) {
        // script(1) runs the command under a pseudo-terminal, as a person's shell would.
        return agoras::test::run_process({"/usr/bin/script", "-qec", "\"$AGORAS\" " + args, "/dev/null"}, options);
    };
    const auto tty = on_terminal("fixture echo --text hi --count 3");
    CHECK(tty.exit_code == 0);
    CHECK(contains(tty.out, "text hi  count 3  shout false  has_token false"));
    CHECK_FALSE(contains(tty.out, "{"));
    CHECK(contains(on_terminal("--json fixture echo --text hi").out, "{\"text\":\"hi\""));
    CHECK(contains(on_terminal("--format json fixture echo --text hi").out, "{\"text\":\"hi\""));
    const auto piped = run_agoras({"fixture", "echo", "--text", "hi"}, options);
    CHECK(piped.out == "{\"text\":\"hi\",\"shout\":false,\"has_token\":false}\n");
    CHECK(run_agoras({"--format", "text", "fixture", "echo", "--text", "hi"}, options).out == "text hi  shout false  has_token false\n");
    CHECK(run_agoras({"--format", "yaml", "fixture", "echo", "--text", "hi"}, options).exit_code == 2);
    CHECK(run_agoras({"--json", "--format", "text", "fixture", "echo", "--text", "hi"}, options).exit_code == 2);
}

TEST_CASE("a --json after the platform and action sets the format, and stays text where it is an option's value", "[cli][json]") {
    agoras::test::TempDir dir("json-anywhere");
    auto options = with_good_plugin();
    options.set_env["AGORAS_STORAGE_DIR"] = (dir.path() / "store").string();
    options.set_env["XDG_CONFIG_HOME"] = (dir.path() / "config").string();
    const auto r = run_agoras({"fixture", "echo", "--text", "--json", "--json"}, options);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"text\":\"--json\",\"shout\":false,\"has_token\":false}\n");
    CHECK(run_agoras({"fixture", "echo", "--json", "--text", "x"}, options).exit_code == 0);
    CHECK(run_agoras({"config", "set", "groups.release", "fixture"}, options).exit_code == 0);
    const auto listed = run_agoras({"config", "list", "--json"}, options);
    CHECK(listed.out == "{\"key\":\"groups.release\",\"value\":\"fixture\"}\n");
}

TEST_CASE("a reader that stops early ends a list quietly (| head), while a publish still rescues its results", "[cli][pipe]") {
    auto options = with_good_plugin();
    options.set_env["AGORAS"] = AGORAS_BINARY;
    // The reader is gone before agoras writes: every write meets a closed pipe.
    const auto list = agoras::test::run_process({"/bin/bash", "-c", "{ sleep 0.3; \"$AGORAS\" plugins list; echo \"rc=$?\" >&2; } | true"}, options);
    CHECK(contains(list.err, "rc=0"));
    CHECK_FALSE(contains(list.err, "could not write"));
    const auto action = agoras::test::run_process(
        {"/bin/bash", "-c", "{ sleep 0.3; \"$AGORAS\" fixture echo --text kept; echo \"rc=$?\" >&2; } | true"}, options);
    CHECK(contains(action.err, "could not write this result to stdout"));
    CHECK(contains(action.err, "kept"));
    CHECK_FALSE(contains(action.err, "rc=0"));
}
