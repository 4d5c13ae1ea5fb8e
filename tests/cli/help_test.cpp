// `agoras help <topic>`, the generated reference and man page, and the shell completion scripts, from
// the real binary with the build's plugins only.
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::run_agoras;
using agoras::test::run_process;

namespace {

// Only the plugins of the build: nothing from the environment or the user's plugin directory.
ProcessOptions build_plugins_only(const agoras::test::TempDir& dir) {
    ProcessOptions options;
    options.unset_env = {"AGORAS_PLUGIN_PATH"};
    options.set_env["XDG_DATA_HOME"] = (dir.path() / "data").string();
    options.set_env["AGORAS_STORAGE_DIR"] = (dir.path() / "store").string();
    return options;
}

std::string complete(const agoras::test::TempDir& dir, const std::string& words, int cword) {
    auto options = build_plugins_only(dir);
    options.set_env["AGORAS"] = AGORAS_BINARY;
    const auto r = run_process({"/bin/bash", "-c", "source <(\"$AGORAS\" completion bash) && COMP_WORDS=(" + words +
                                                       ") && COMP_CWORD=" + std::to_string(cword) + " && _agoras && echo \"${COMPREPLY[*]}\""},
                               options);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

}  // namespace

TEST_CASE("help topics: exit codes and every environment variable, from the one table each", "[cli][help]") {
    agoras::test::TempDir dir("help");
    const auto codes = run_agoras({"help", "exit-codes"}, build_plugins_only(dir));
    CHECK(codes.exit_code == 0);
    for (const char* line : {"  0    success", "  2    usage error", "  9    post --to", "  8    storage error"}) CHECK(contains(codes.out, line));
    const auto env = run_agoras({"help", "environment"}, build_plugins_only(dir));
    CHECK(env.exit_code == 0);
    for (const char* name : {"AGORAS_NOW", "AGORAS_STATE_DIR", "AGORAS_STATE_URL", "AGORAS_VAULT_URL", "AGORAS_CLAIM_LEASE", "AGORAS_GOOGLE_TOKEN_URL", "BLUESKY_HANDLE", "TELEGRAM_BOT_TOKEN",
                             "MASTODON_ACCESS_TOKEN", "DISCORD_WEBHOOK_URL", "AGORAS_THREADS_GRAPH_URL", "STATUS_TEXT"}) {
        INFO(name);
        CHECK(contains(env.out, std::string("  ") + name + " "));
    }
    CHECK(contains(run_agoras({"help"}, build_plugins_only(dir)).out, "exit-codes"));
    CHECK(contains(run_agoras({"help", "bluesky"}, build_plugins_only(dir)).out, "Usage: agoras bluesky <action>"));
    const auto unknown = run_agoras({"help", "nothing"}, build_plugins_only(dir));
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "topics: environment"));
}

TEST_CASE("docs/reference.md is what 'agoras help reference' makes of the declarations", "[cli][help]") {
    agoras::test::TempDir dir("reference");
    const auto r = run_agoras({"help", "reference"}, build_plugins_only(dir));
    REQUIRE(r.exit_code == 0);
    std::ifstream in(std::string(AGORAS_SOURCE_DIR) + "/docs/reference.md");
    const std::string committed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    INFO("docs/reference.md is stale: run 'cmake --build --preset dev --target reference' and commit it");
    CHECK(committed == r.out);
    CHECK(contains(r.out, "#### `agoras mastodon post`"));
    CHECK(contains(r.out, "| `--text` | `STATUS_TEXT` |"));
}

TEST_CASE("the man page renders with man -l and names every platform's actions", "[cli][help]") {
    agoras::test::TempDir dir("man");
    const auto page = run_agoras({"help", "man"}, build_plugins_only(dir));
    REQUIRE(page.exit_code == 0);
    const std::string file = (dir.path() / "agoras.1").string();
    std::ofstream(file) << page.out;
    ProcessOptions options;
    options.set_env["MANWIDTH"] = "100";
    options.set_env["MANPAGER"] = "cat";
    const auto shown = run_process({"/usr/bin/man", "-l", file}, options);
    INFO(shown.err);
    CHECK(shown.exit_code == 0);
    for (const char* text : {"NAME", "EXIT STATUS", "ENVIRONMENT", "agoras telegram post", "feed-publish", "BLUESKY_APP_PASSWORD"}) {
        INFO(text);
        CHECK(contains(shown.out, text));
    }
    CHECK(shown.err.find("warning") == std::string::npos);
}

TEST_CASE("completion: bash loads it, and it completes platforms, actions, options and subcommands", "[cli][help]") {
    agoras::test::TempDir dir("completion");
    auto options = build_plugins_only(dir);
    options.set_env["AGORAS"] = AGORAS_BINARY;
    const auto loaded = run_process({"/bin/bash", "-c", "source <(\"$AGORAS\" completion bash) && complete -p agoras"}, options);
    CHECK(loaded.out == "complete -F _agoras agoras\n");
    CHECK(complete(dir, "agoras blu", 1) == "bluesky\n");
    CHECK(complete(dir, "agoras -l debug mast", 3) == "mastodon\n");
    CHECK(complete(dir, "agoras bluesky re", 2) == "reply\n");
    CHECK(complete(dir, "agoras telegram post --te", 3) == "--text --text-file\n");
    CHECK(complete(dir, "agoras utils fe", 2) == "feed-publish\n");
    CHECK(complete(dir, "agoras -l ''", 2) == "debug info warning error critical\n");
    // Declared choices, and what may follow --to (platforms, the vault's accounts, the configuration's groups).
    CHECK(complete(dir, "agoras mastodon post --visibility u", 4) == "unlisted\n");
    CHECK(complete(dir, "agoras telegram post --parse-mode M", 4) == "MarkdownV2 Markdown\n");
    auto with_group = build_plugins_only(dir);
    with_group.set_env["XDG_CONFIG_HOME"] = (dir.path() / "config").string();
    REQUIRE(run_agoras({"config", "set", "groups.release", "mastodon,bluesky"}, with_group).exit_code == 0);
    const auto targets = run_agoras({"completion", "targets"}, with_group);
    CHECK(contains(targets.out, "mastodon\n"));
    CHECK(contains(targets.out, "@release\n"));
    with_group.set_env["AGORAS"] = AGORAS_BINARY;
    const auto to = run_process({"/bin/bash", "-c", "source <(\"$AGORAS\" completion bash) && PATH=$(dirname \"$AGORAS\"):$PATH && "
                                                    "COMP_WORDS=(agoras post --to @r) && COMP_CWORD=3 && _agoras && echo \"${COMPREPLY[*]}\""},
                                with_group);
    CHECK(to.out == "@release\n");
    const auto fish = run_agoras({"completion", "fish"}, build_plugins_only(dir));
    CHECK(contains(fish.out, "complete -c agoras -n '__fish_seen_subcommand_from discord; and __fish_seen_subcommand_from post' -l webhook-url -r"));
    CHECK(contains(run_agoras({"completion", "zsh"}, build_plugins_only(dir)).out, "bashcompinit"));
    CHECK(run_agoras({"completion"}, build_plugins_only(dir)).exit_code == 2);
    CHECK(run_agoras({"completion", "tcsh"}, build_plugins_only(dir)).exit_code == 2);
}

TEST_CASE("examples: every help page shows some, the man page has EXAMPLES and FILES, and each example parses", "[cli][help]") {
    agoras::test::TempDir dir("examples");
    const auto options = build_plugins_only(dir);
    const auto man = run_agoras({"help", "man"}, options).out;
    CHECK(contains(man, ".SH EXAMPLES\n"));
    CHECK(contains(man, ".SH FILES\n"));
    CHECK(contains(man, "vault.key"));
    // The examples a user would copy: run with --help appended, each must get past option parsing.
    std::vector<std::string> pages = {"post", "auth", "config", "utils feed-publish", "utils schedule-run", "journal",
                                      "plugins list", "mcp"};
    for (const char* platform : {"threads", "bluesky", "mastodon", "telegram", "discord", "facebook", "instagram", "x",
                                 "linkedin", "youtube", "tiktok", "whatsapp"}) {
        pages.push_back(platform);
        // Every action the platform's help lists.
        bool in_actions = false;
        for (const auto& line : agoras::test::lines_of(run_agoras({platform, "--help"}, options).out)) {
            if (line == "Actions:") in_actions = true;
            else if (in_actions && line.rfind("  ", 0) == 0 && line.rfind("  $", 0) != 0) pages.push_back(std::string(platform) + " " + line.substr(2, line.find(' ', 2) - 2));
            else in_actions = false;
        }
    }
    CHECK(pages.size() > 90);
    for (const auto& page : pages) {
        auto env = options;
        env.set_env["AGORAS"] = AGORAS_BINARY;
        const auto help = run_process({"/bin/bash", "-c", "\"$AGORAS\" " + page + " --help"}, env);
        INFO(page << ": " << help.err);
        CHECK(contains(help.out, "\nExamples:\n  $ "));
        for (const auto& line : agoras::test::lines_of(help.out)) {
            // auth, config and journal read their words themselves and take --help only first.
            if (line.rfind("  $ agoras ", 0) != 0 || contains(line, "|") || line.rfind("  $ agoras auth", 0) == 0 ||
                line.rfind("  $ agoras config", 0) == 0 || line.rfind("  $ agoras journal", 0) == 0) {
                continue;
            }
            const auto parsed = run_process({"/bin/bash", "-c", "\"$AGORAS\"" + line.substr(10) + " --help"}, env);
            INFO(line << ": " << parsed.err);
            CHECK(parsed.exit_code == 0);
        }
    }
}
