// --edit: the text composed in $VISUAL or $EDITOR (here a script standing in for one), from --text if given, in a
// private file removed afterwards; an editor that fails or leaves nothing sends nothing.
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using agoras::test::contains;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

TEST_CASE("edit: --edit composes the text in the editor, for a platform's post and for post --to", "[edit]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"edit-it"};
    const auto tmp = dir.path() / "tmp";
    std::filesystem::create_directories(tmp);
    const std::string editor = (dir.path() / "editor.sh").string();
    {
        // Appends a line, and records the file's permissions, as an editor would see them.
        std::ofstream script(editor);
        script << "#!/bin/sh\nstat -c %a \"$(dirname \"$1\")\" > \"" << (dir.path() / "mode").string()
               << "\"\nprintf 'from the editor\\n\\n' >> \"$1\"\n";
    }
    std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
    auto env = sandbox.agoras_env((dir.path() / "store").string());
    env.set_env.insert({{"TELEGRAM_BOT_TOKEN", "123456789:SANDBOX-telegram-bot-token"}, {"TELEGRAM_CHAT_ID", "4242"},
                        {"TELEGRAM_PARSE_MODE", "none"}, {"TMPDIR", tmp.string()}, {"EDITOR", editor}});
    env.unset_env.push_back("VISUAL");
    const auto texts = [&] { return sandbox.get("telegram/state"); };

    const auto edited = run_agoras({"telegram", "post", "--text", "a start", "--edit"}, env);
    INFO(edited.err);
    CHECK(edited.exit_code == 0);
    CHECK(contains(texts(), "\"text\":\"a start\\nfrom the editor\""));
    std::ifstream mode(dir.path() / "mode");
    std::string permissions;
    mode >> permissions;
    CHECK(permissions == "700");
    CHECK(std::filesystem::is_empty(tmp));  // the draft is gone

    const auto fanout = run_agoras({"post", "--to", "telegram", "--edit"}, env);
    CHECK(fanout.exit_code == 0);
    CHECK(contains(texts(), "\"text\":\"from the editor\""));

    auto failing = env;
    failing.set_env["EDITOR"] = "false";
    const auto failed = run_agoras({"telegram", "post", "--edit", "--text", "never"}, failing);
    CHECK(failed.exit_code == 1);
    CHECK(contains(failed.err, "the editor (false) exited with 1; nothing was sent"));
    failing.set_env["EDITOR"] = "true";
    failing.set_env["VISUAL"] = "true";  // VISUAL wins over EDITOR, and leaves the file empty
    const auto empty = run_agoras({"post", "--to", "telegram", "--edit"}, failing);
    CHECK(empty.exit_code == 2);
    CHECK(contains(empty.err, "the text is empty"));
    CHECK_FALSE(contains(texts(), "never"));
    CHECK(std::filesystem::is_empty(tmp));
}
