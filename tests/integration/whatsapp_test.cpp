// The real agoras binary and the WhatsApp plugin against agoras-sandbox's WhatsApp module on loopback:
// authorize, free-form messages inside the 24-hour window and templates outside it, media uploads,
// several recipients each reported, and WhatsApp's error codes.
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/platform_world.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

using agoras::Json;
using agoras::test::contains;
using agoras::test::lines_of;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::result_of;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

constexpr const char* kToken = "sandbox-whatsapp-system-user-token";
constexpr const char* kNumber = "106540352242922";

struct World : agoras::test::PlatformWorld {
    World() : PlatformWorld("whatsapp") {
        const auto r = agoras({"whatsapp", "authorize", "--access-token", kToken, "--phone-number-id", kNumber});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    std::vector<Json> messages() const { return state()["messages"].items(); }
    void wrote(const std::string& number) const { sandbox.control("whatsapp/user_wrote", "number=" + number); }
};

}  // namespace

TEST_CASE("whatsapp post: one line per recipient, accepted (not delivered), inside the 24-hour window", "[whatsapp]") {
    World w;
    w.wrote("15551230001");
    w.wrote("447700900123");
    const auto r = w.agoras({"whatsapp", "post", "--text", "Version 3 is out", "--link", "https://example.com/notes",
                             "--recipient", "+15551230001,447700900123"});
    REQUIRE(r.exit_code == 0);
    const auto lines = lines_of(r.out);
    REQUIRE(lines.size() == 2);
    const Json first = Json::parse(lines[0]);
    CHECK(first["recipient"].text() == "+15551230001");
    CHECK(first["status"].text() == "accepted");
    CHECK(first["id"].text().rfind("wamid.", 0) == 0);
    const auto messages = w.messages();
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["body"].text() == "Version 3 is out\nhttps://example.com/notes");
}

TEST_CASE("whatsapp: outside the window a free-form message is refused with 131047 (exit 5, use a template), a template goes", "[whatsapp]") {
    World w;
    const auto closed = w.agoras({"whatsapp", "post", "--text", "hello", "--recipient", "15551230002"});
    CHECK(closed.exit_code == 5);
    CHECK(contains(closed.err, "template"));
    const auto sent = w.agoras({"whatsapp", "template", "--template-name", "release_notice", "--template-language", "en",
                                "--template-components", R"([{"type":"body","parameters":[{"type":"text","text":"3.0"},{"type":"text","text":"https://e.com"}]}])",
                                "--recipient", "15551230002"});
    CHECK(result_of(sent)["status"].text() == "accepted");
    CHECK(contains(w.messages()[0]["body"].text(), "3.0"));
    // The parameters must match the template: WhatsApp's 132000, exit 5; an unknown template 132001.
    CHECK(w.agoras({"whatsapp", "template", "--template-name", "release_notice", "--recipient", "15551230002"}).exit_code == 5);
    CHECK(w.agoras({"whatsapp", "template", "--template-name", "no_such", "--recipient", "15551230002"}).exit_code == 5);
    CHECK(w.agoras({"whatsapp", "template", "--template-name", "release_notice", "--template-components", "{not json",
                    "--recipient", "15551230002"}).exit_code == 2);
    // WHATSAPP_TEMPLATE_COMPONENTS is honoured (the original ignored it).
    auto env = w.env();
    env.set_env["WHATSAPP_TEMPLATE_NAME"] = "release_notice";
    env.set_env["WHATSAPP_TEMPLATE_COMPONENTS"] = R"([{"type":"body","parameters":[{"type":"text","text":"4.0"},{"type":"text","text":"x"}]}])";
    env.set_env["WHATSAPP_RECIPIENT"] = "+15551230002";
    result_of(w.agoras({"whatsapp", "template"}, env));
    CHECK(w.messages().size() == 2);
}

TEST_CASE("whatsapp: local images are uploaded to /media and sent by id, the text as the first one's caption", "[whatsapp]") {
    World w;
    w.wrote("15551230003");
    const std::string a = w.file("a.jpg", agoras::test::make_jpeg(32, 32)), b = w.file("b.png", agoras::test::make_png(8, 8));
    result_of(w.agoras({"whatsapp", "post", "--text", "two pictures", "--image", a, "--image", b, "--alt-text-2", "the second",
                        "--recipient", "15551230003"}));
    const auto messages = w.messages();
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["type"].text() == "image");
    CHECK(contains(messages[0]["body"].text(), "caption:two pictures"));
    CHECK(contains(messages[1]["body"].text(), "caption:the second"));  // never "Image 2"
    CHECK(w.state()["uploads"].integer() == 2);
    const std::string clip = w.file("clip.mp4", std::string("\0\0\0\x18" "ftypmp42", 12) + std::string(5000, 'v'));
    result_of(w.agoras({"whatsapp", "video", "--video-url", clip, "--text", "demo", "--recipient", "15551230003"}));
    CHECK(w.messages().back()["type"].text() == "video");
}

TEST_CASE("whatsapp: a recipient that fails does not stop the others (exit 9), bad numbers and long text send nothing", "[whatsapp]") {
    World w;
    w.wrote("15551230004");
    const auto partial = w.agoras({"whatsapp", "post", "--text", "hi", "--recipient", "15551230004,15551239999"});
    CHECK(partial.exit_code == 9);
    const auto lines = lines_of(partial.out);
    REQUIRE(lines.size() == 2);
    CHECK(Json::parse(lines[0])["status"].text() == "accepted");
    CHECK(Json::parse(lines[1])["status"].text() == "failed");
    const int calls = static_cast<int>(w.state()["calls"].integer());
    CHECK(w.agoras({"whatsapp", "post", "--text", "hi", "--recipient", "555-1234"}).exit_code == 2);
    CHECK(w.agoras({"whatsapp", "post", "--text", std::string(4097, 'a'), "--recipient", "15551230004"}).exit_code == 2);
    CHECK(w.state()["calls"].integer() == calls);
}

TEST_CASE("whatsapp: rate limits exit 4, a revoked token exit 3, a lost answer is unknown and never re-sent", "[whatsapp]") {
    World w;
    w.wrote("15551230005");
    w.sandbox.control("whatsapp/faults", "rate_limit_next=1");
    CHECK(w.agoras({"whatsapp", "post", "--text", "a", "--recipient", "15551230005"}).exit_code == 4);
    w.sandbox.control("whatsapp/faults", "drop_answer_next=1");
    const auto lost = w.agoras({"whatsapp", "post", "--text", "b", "--recipient", "15551230005"});
    CHECK(lost.exit_code == 6);
    CHECK(contains(lost.out, "\"status\":\"unknown\""));
    CHECK(w.messages().size() == 1);
    w.sandbox.control("whatsapp/faults", "token_revoked=true");
    const auto revoked = w.agoras({"whatsapp", "post", "--text", "c", "--recipient", "15551230005"});
    CHECK(revoked.exit_code == 3);
    CHECK(contains(revoked.err, "agoras whatsapp authorize"));
}

TEST_CASE("whatsapp: post --to with WHATSAPP_RECIPIENT, once per idempotency key, --dry-run sends nothing", "[whatsapp]") {
    World w;
    w.wrote("15551230006");
    auto env = w.env();
    env.set_env["WHATSAPP_RECIPIENT"] = "+15551230006";
    const int calls = static_cast<int>(w.state()["calls"].integer());
    CHECK(w.agoras({"whatsapp", "post", "--dry-run", "--text", "x"}, env).exit_code == 0);
    CHECK(w.state()["calls"].integer() == calls);
    result_of(w.agoras({"post", "--to", "whatsapp", "--text", "release", "--idempotency-key", "wa-1"}, env));
    CHECK(w.agoras({"post", "--to", "whatsapp", "--text", "release", "--idempotency-key", "wa-1"}, env).exit_code == 0);
    CHECK(w.messages().size() == 1);
}
