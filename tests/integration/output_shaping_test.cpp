// --json FIELDS and --jq EXPR shape results as gh users expect, before or after the command, and never at the
// cost of a published post's id.
#include "support/process.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

using agoras::test::contains;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"shaping-it"};
    agoras::test::ProcessOptions env() const {
        auto e = sandbox.agoras_env((dir.path() / "store").string());
        e.set_env["TELEGRAM_BOT_TOKEN"] = "123456789:SANDBOX-telegram-bot-token";
        e.set_env["TELEGRAM_CHAT_ID"] = "@sandbox_channel";  // a channel: its messages have URLs
        e.set_env["TELEGRAM_PARSE_MODE"] = "none";
        return e;
    }
    agoras::test::ProcessResult agoras(const std::vector<std::string>& args) const { return run_agoras(args, env()); }
    int messages() const { return agoras::test::count_of(sandbox.get("telegram/state"), "\"message_id\""); }
};

}  // namespace

TEST_CASE("output: --json FIELDS keeps those fields in that order, before (either form) or after the command, null where absent", "[output]") {
    World w;
    const auto after = w.agoras({"telegram", "post", "--text", "one", "--json", "url,id,nothing"});
    INFO(after.err);
    CHECK(after.exit_code == 0);
    CHECK(after.out.rfind("{\"url\":\"https://t.me/", 0) == 0);
    CHECK(contains(after.out, ",\"id\":\""));
    CHECK(contains(after.out, ",\"nothing\":null}\n"));
    const auto before = w.agoras({"--json=id", "telegram", "post", "--text", "two"});
    CHECK(before.exit_code == 0);
    CHECK(before.out.rfind("{\"id\":\"", 0) == 0);
    CHECK(agoras::test::count_of(before.out, ":") == 1);
    // The space form before the command, as after it: the fields are not taken for a command.
    const auto spaced = w.agoras({"--json", "id", "telegram", "post", "--text", "three"});
    INFO(spaced.err);
    CHECK(spaced.exit_code == 0);
    CHECK(spaced.out.rfind("{\"id\":\"", 0) == 0);
    CHECK(agoras::test::count_of(spaced.out, ":") == 1);
    const auto bare = w.agoras({"--json", "telegram", "post", "--text", "four"});  // the whole result
    CHECK(bare.exit_code == 0);
    CHECK(contains(bare.out, "\"url\":"));
    // --json alone is still the whole result as JSON, and a value of --text stays text.
    const auto whole = w.agoras({"telegram", "post", "--text", "--json"});
    CHECK(whole.exit_code == 0);
    CHECK(contains(w.sandbox.get("telegram/state"), "\"text\":\"--json\""));
    CHECK(w.agoras({"--json=id,,url", "telegram", "whoami"}).exit_code == 2);
}

TEST_CASE("output: --jq filters each result, strings printed as they are, and a broken filter stops before publishing", "[output]") {
    World w;
    const auto url = w.agoras({"telegram", "post", "--text", "one", "--jq", ".url"});
    INFO(url.err);
    CHECK(url.exit_code == 0);
    CHECK(url.out.rfind("https://t.me/", 0) == 0);
    CHECK(agoras::test::lines_of(url.out).size() == 1);
    const auto object = w.agoras({"--jq", "{u: .url, n: 1}", "telegram", "post", "--text", "two"});
    CHECK(object.out.rfind("{\"u\":\"https://t.me/", 0) == 0);
    CHECK(contains(object.out, "\"n\":1}"));
    CHECK(w.messages() == 2);

    const auto broken = w.agoras({"telegram", "post", "--text", "never sent", "--jq", ".["});
    CHECK(broken.exit_code == 2);
    CHECK(contains(broken.err, "does not compile"));
    CHECK(w.messages() == 2);

    // A filter that fails on a result of a publishing command: the result is rescued on stderr, exit non-zero.
    const auto failing = w.agoras({"telegram", "post", "--text", "three", "--jq", ".url | tonumber"});
    CHECK(failing.exit_code != 0);
    CHECK(contains(failing.err, "the result as it was: {"));
    CHECK(contains(failing.err, "https://t.me/"));
    CHECK(w.messages() == 3);
}

TEST_CASE("output: libjq is loaded only by a command given --jq", "[output]") {
    World w;
    auto traced = w.env();
    traced.set_env["LD_DEBUG"] = "files";  // the dynamic loader names every library it opens
    const auto plain = run_agoras({"telegram", "post", "--text", "no filter"}, traced);
    CHECK(plain.exit_code == 0);
    CHECK(contains(plain.err, "libagoras-net"));  // the check can see what the network library loads
    CHECK_FALSE(contains(plain.err, "libjq"));
    const auto filtered = run_agoras({"telegram", "post", "--text", "a filter", "--jq", ".id"}, traced);
    CHECK(filtered.exit_code == 0);
    CHECK(contains(filtered.err, "libjq"));
}
