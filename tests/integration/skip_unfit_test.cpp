// post --to --skip-unfit: a target that cannot take the post is reported skipped and the others get it;
// without the flag the whole command is still refused before anything is sent.
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

using agoras::Json;
using agoras::test::contains;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

TEST_CASE("post --to --skip-unfit: Instagram without an image is skipped, Telegram still posts", "[post]") {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"skip-unfit-it"};
    auto env = sandbox.agoras_env((dir.path() / "store").string());
    env.set_env.insert({{"TELEGRAM_BOT_TOKEN", "123456789:SANDBOX-telegram-bot-token"}, {"TELEGRAM_CHAT_ID", "4242"},
                        {"INSTAGRAM_OBJECT_ID", "17841400000000099"}, {"INSTAGRAM_REFRESH_TOKEN", "token-value-5"}});
    const auto messages = [&] { return agoras::test::count_of(sandbox.get("telegram/state"), "\"message_id\""); };

    const auto refused = run_agoras({"post", "--to", "telegram,instagram", "--text", "text only"}, env);
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "no text-only posts"));
    CHECK(messages() == 0);

    const auto skipping = run_agoras({"post", "--to", "telegram,instagram", "--text", "text only", "--skip-unfit"}, env);
    INFO(skipping.err);
    CHECK(skipping.exit_code == 0);
    const auto lines = agoras::test::lines_of(skipping.out);
    REQUIRE(lines.size() == 2);
    CHECK(Json::parse(lines[0])["status"].text() == "published");
    const Json skipped = Json::parse(lines[1]);
    CHECK(skipped["platform"].text() == "instagram");
    CHECK(skipped["status"].text() == "skipped");
    CHECK(contains(skipped["error"].text(), "no text-only posts"));
    CHECK(skipped["exit_code"].integer() == 0);
    CHECK(contains(skipping.err, "instagram: skipped"));
    CHECK(messages() == 1);

    const auto nothing = run_agoras({"post", "--to", "instagram", "--text", "text only", "--skip-unfit"}, env);
    CHECK(nothing.exit_code == 2);
    CHECK(contains(nothing.err, "no target can take this post"));
}
