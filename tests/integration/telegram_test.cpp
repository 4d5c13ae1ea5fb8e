// The real agoras binary and the Telegram plugin against agoras-sandbox's Bot API module on loopback.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using agoras::Json;
using agoras::test::contains;
using agoras::test::result_of;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;
namespace fs = std::filesystem;

namespace {

constexpr const char* kToken = "123456789:SANDBOX-telegram-bot-token";
constexpr const char* kChannel = "-1001234567890";

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"telegram-it"};
    ProcessOptions env() const { return sandbox.agoras_env((dir.path() / "store").string()); }
    ProcessResult agoras(const std::vector<std::string>& args, const ProcessOptions& options) const { return run_agoras(args, options); }
    ProcessResult agoras(const std::vector<std::string>& args) const { return agoras(args, env()); }
    std::vector<Json> messages() const {
        const Json state = Json::parse(sandbox.get("telegram/state"));
        return state["messages"].items();
    }
    std::string file(const std::string& name, const std::string& bytes) const {
        const std::string path = (dir.path() / name).string();
        agoras::test::write_file(path, bytes);
        return path;
    }
};

struct Authorized : World {
    Authorized() {
        const auto r = agoras({"telegram", "authorize", "--bot-token", kToken, "--chat-id", "@sandbox_channel"});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
};

}  // namespace

TEST_CASE("telegram authorize: the token and the chat are checked and stored, the token is never shown", "[telegram]") {
    World w;
    const auto r = w.agoras({"telegram", "authorize", "--bot-token", kToken, "--chat-id", "@sandbox_channel", "-l", "debug"});
    const Json out = result_of(r);
    CHECK(out["id"].text() == kChannel);  // stored by its numeric id
    CHECK(out["bot"].text() == "sandbox_bot");
    CHECK_FALSE(contains(r.out + r.err, "SANDBOX-telegram-bot-token"));
    CHECK(contains(r.err, "/bot[REDACTED]/getMe"));
    const auto shown = w.agoras({"utils", "tokens", "show", "--platform", "telegram"});
    CHECK_FALSE(contains(shown.out, "SANDBOX-telegram-bot-token"));

    CHECK(w.agoras({"telegram", "authorize", "--bot-token", "123:wrong-token-of-some-length", "--chat-id", kChannel}).exit_code == 3);
    const auto missing = w.agoras({"telegram", "authorize", "--bot-token", kToken, "--chat-id", "-1000"});
    CHECK(missing.exit_code == 1);
    CHECK(contains(missing.err, "chat not found"));
    CHECK(w.agoras({"telegram", "authorize", "--bot-token", kToken, "--chat-id", "-1009999999999"}).exit_code == 3);
}

TEST_CASE("telegram post: text, a photo, an album, results carry the message id, chat and link", "[telegram]") {
    Authorized w;
    const Json text = result_of(w.agoras({"telegram", "post", "--text", "<b>Release</b> 1.0 &amp; more", "--link", "https://example.com"}));
    CHECK(text["chat_id"].text() == kChannel);
    CHECK(text["url"].text() == "https://t.me/sandbox_channel/" + text["id"].text());
    const std::string photo = w.file("a.jpg", agoras::test::make_jpeg(32, 32));
    const Json one = result_of(w.agoras({"telegram", "post", "--text", "one photo", "--image", photo}));
    const Json album = result_of(w.agoras({"telegram", "post", "--text", "an album", "--image", photo, "--image",
                                           "https://example.com/b.png", "--image", photo}));
    CHECK(album["message_ids"].size() == 3);
    const auto messages = w.messages();
    REQUIRE(messages.size() == 5);
    CHECK(messages[0]["text"].text() == "<b>Release</b> 1.0 &amp; more\nhttps://example.com");
    CHECK(messages[1]["kind"].text() == "photo");
    CHECK(messages[1]["files"][0].text() == "upload:image/jpeg:" + std::to_string(fs::file_size(photo)));
    CHECK(messages[2]["text"].text() == "an album");                 // the caption on the first item
    CHECK(messages[3]["files"][0].text() == "url:https://example.com/b.png");  // a URL Telegram fetches itself
    CHECK(messages[2]["media_group_id"].text() == messages[4]["media_group_id"].text());
    CHECK_FALSE(one["id"].text().empty());
}

TEST_CASE("telegram limits are checked before sending: 4096 shown characters, 1024 as a caption, 10 photos", "[telegram]") {
    Authorized w;
    const std::string visible(4096, 'a');
    result_of(w.agoras({"telegram", "post", "--text", "<b>" + visible + "</b>"}));  // tags do not count
    CHECK(w.agoras({"telegram", "post", "--text", visible + "a"}).exit_code == 2);
    std::string emoji;
    for (int i = 0; i < 2049; ++i) emoji += "\xF0\x9F\x98\x80";  // 2049 × 2 UTF-16 units
    CHECK(w.agoras({"telegram", "post", "--text", emoji, "--parse-mode", "none"}).exit_code == 2);
    const std::string photo = w.file("a.jpg", agoras::test::make_jpeg(16, 16));
    CHECK(w.agoras({"telegram", "post", "--text", std::string(1025, 'c'), "--image", photo}).exit_code == 2);
    std::vector<std::string> eleven = {"telegram", "post", "--text", "many"};
    for (int i = 0; i < 11; ++i) eleven.insert(eleven.end(), {"--image", photo});
    CHECK(w.agoras(eleven).exit_code == 2);
    CHECK(w.agoras({"telegram", "post", "--text", "gif", "--image", w.file("a.gif", "GIF89a....")}).exit_code == 2);
    CHECK(w.agoras({"telegram", "post", "--text", "x", "--parse-mode", "BBCode"}).exit_code == 2);
    CHECK(w.messages().size() == 1);
    const auto bad_html = w.agoras({"telegram", "post", "--text", "<b>unclosed"});
    CHECK(bad_html.exit_code == 5);
    CHECK(contains(bad_html.err, "can't parse entities"));
}

TEST_CASE("telegram video and delete", "[telegram]") {
    Authorized w;
    const std::string clip = w.file("clip.mp4", std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(5000, 'v'));
    const Json video = result_of(w.agoras({"telegram", "video", "--video-url", clip, "--video-title", "the clip"}));
    CHECK(w.messages().at(0)["kind"].text() == "video");
    CHECK(w.messages().at(0)["text"].text() == "the clip");
    const Json deleted = result_of(w.agoras({"telegram", "delete", "--post-id", video["id"].text()}));
    CHECK(deleted["deleted"].boolean());
    CHECK(w.messages().at(0)["deleted"].boolean());
    CHECK(w.agoras({"telegram", "delete", "--post-id", video["id"].text()}).exit_code == 1);  // not found now
    CHECK(w.agoras({"telegram", "delete", "--post-id", "12a"}).exit_code == 2);
    const Json old = result_of(w.agoras({"telegram", "post", "--text", "old news"}));
    w.sandbox.control("telegram/clock", "advance_seconds=180000");  // past the 48-hour window
    CHECK(w.agoras({"telegram", "delete", "--post-id", old["id"].text()}).exit_code == 5);
}

TEST_CASE("telegram failures: retry_after honoured, a migrated group names its new id, unattended credentials", "[telegram]") {
    World w;
    auto env = w.env();
    env.set_env["TELEGRAM_BOT_TOKEN"] = kToken;
    env.set_env["TELEGRAM_CHAT_ID"] = "4242";
    SECTION("one 429 is waited out, endless ones exit 4") {
        w.sandbox.control("telegram/faults", "rate_limit_next=1");
        result_of(w.agoras({"telegram", "post", "--text", "patience"}, env));
        w.sandbox.control("telegram/faults", "rate_limit_next=50");
        CHECK(w.agoras({"telegram", "post", "--text", "busy"}, env).exit_code == 4);
        CHECK(w.messages().size() == 1);
    }
    SECTION("a group that became a supergroup") {
        env.set_env["TELEGRAM_CHAT_ID"] = "-4000000000";
        const auto r = w.agoras({"telegram", "post", "--text", "hello"}, env);
        CHECK(r.exit_code == 5);
        CHECK(contains(r.err, "-1004000000000"));
    }
    SECTION("a 500 after sending is not repeated") {
        w.sandbox.control("telegram/faults", "server_error_next=1");
        CHECK(w.agoras({"telegram", "post", "--text", "once"}, env).exit_code == 5);
        CHECK(w.sandbox.get("telegram/state").find("\"calls\":1") != std::string::npos);
    }
    SECTION("no credentials: exit 3; --dry-run hides the token") {
        CHECK(w.agoras({"telegram", "post", "--text", "x"}).exit_code == 3);
        const auto dry = w.agoras({"telegram", "post", "--text", "x", "--dry-run"}, env);
        CHECK(dry.exit_code == 0);
        CHECK(contains(dry.out, "/bot[REDACTED]/sendMessage"));
        CHECK_FALSE(contains(dry.out, "SANDBOX"));
        CHECK(w.messages().empty());
    }
}
