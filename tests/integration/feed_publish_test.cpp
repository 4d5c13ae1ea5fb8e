// `agoras utils feed-publish` with the real binary: a feed served by agoras-sandbox's web module,
// published to its Telegram (and Bluesky) modules, with a fixed clock (AGORAS_NOW).
#include "support/images.hpp"
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <ctime>

using agoras::Json;
using agoras::test::contains;
using agoras::test::count_of;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::SandboxProcess;

namespace {

constexpr std::int64_t kNow = 1796000000;  // 2026-11-30T...Z

std::string rfc822(std::int64_t t, const char* zone = "GMT", int offset_hours = 0) {
    const std::time_t local = static_cast<std::time_t>(t + offset_hours * 3600);
    std::tm tm{};
    gmtime_r(&local, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S ", &tm);
    return std::string(text) + zone;
}

std::string rss_item(const std::string& guid, const std::string& title, std::int64_t date, const std::string& extra = "") {
    return "<item><title>" + title + "</title><link>https://example.com/" + guid + "?utm=x</link><guid>" + guid +
           "</guid><pubDate>" + rfc822(date) + "</pubDate>" + extra + "</item>";
}

std::string rss(const std::string& items) {
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Blog</title>" + items + "</channel></rss>";
}

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"feed-it"};
    ProcessOptions env(const std::string& store = "store") const {
        auto e = sandbox.agoras_env((dir.path() / store).string());
        e.set_env["AGORAS_NOW"] = std::to_string(kNow);
        e.set_env["TELEGRAM_BOT_TOKEN"] = "123456789:SANDBOX-telegram-bot-token";
        e.set_env["TELEGRAM_CHAT_ID"] = "4242";
        e.set_env["TELEGRAM_PARSE_MODE"] = "none";
        return e;
    }
    std::string feed_url() const { return sandbox.url() + "/web/feed.xml"; }
    void serve(const std::string& xml) const { sandbox.serve("/feed.xml", "application/rss+xml", xml); }
    ProcessResult publish(std::vector<std::string> extra, const ProcessOptions& options) const {
        std::vector<std::string> args = {"utils", "feed-publish", "--network", "telegram", "--feed-url", feed_url()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_agoras(args, options);
    }
    ProcessResult publish(std::vector<std::string> extra) const { return publish(std::move(extra), env()); }
    std::vector<std::string> texts() const {
        std::vector<std::string> out;
        const Json state = Json::parse(sandbox.get("telegram/state"));
        for (const auto& m : state["messages"].items()) out.push_back(m["text"].text());
        return out;
    }
};

}  // namespace

TEST_CASE("feed-publish last: the newest items by date, as <title> <link>, oldest first, never twice", "[feeds]") {
    World w;
    // Feed order is not date order: the newest item is in the middle.
    w.serve(rss(rss_item("b", "Middle", kNow - 1800) + rss_item("c", "Newest &amp; best", kNow - 60) +
                rss_item("a", "Oldest", kNow - 3000) + rss_item("old", "Too old", kNow - 7200)));
    const auto first = w.publish({"--mode", "last", "--max-count", "2"});
    INFO(first.err);
    CHECK(first.exit_code == 0);
    CHECK(w.texts() == std::vector<std::string>{"Middle https://example.com/b?utm=x", "Newest & best https://example.com/c?utm=x"});
    CHECK(contains(first.out, "\"item\":\"c\""));
    // The same window again: nothing new; the gap left by --max-count is filled, the rest never repeats.
    const auto second = w.publish({"--mode", "last", "--max-count", "2"});
    INFO(second.err);
    CHECK(second.exit_code == 0);
    CHECK(w.texts().size() == 3);
    CHECK(w.texts().back() == "Oldest https://example.com/a?utm=x");
    CHECK(w.publish({"--mode", "last", "--max-count", "5"}).exit_code == 0);
    CHECK(w.texts().size() == 3);  // "Too old" is outside the hour
    CHECK(w.publish({"--mode", "last", "--max-count", "5", "--post-lookback", "10000"}).exit_code == 0);
    CHECK(w.texts().size() == 4);
}

TEST_CASE("feed-publish: the machine's time zone changes nothing, zones in the feed are honoured", "[feeds]") {
    World w;
    // Both items are 30 and 90 minutes old, written in other zones.
    w.serve(rss("<item><title>Half an hour</title><link>https://e.com/1</link><guid>1</guid><pubDate>" +
                rfc822(kNow - 1800, "+0900", 9) + "</pubDate></item><item><title>Hour and a half</title><link>https://e.com/2</link>"
                "<guid>2</guid><pubDate>" + rfc822(kNow - 5400, "EST", -5) + "</pubDate></item>"));
    for (const char* tz : {"Asia/Tokyo", "America/New_York", "UTC"}) {
        auto env = w.env(std::string("store-") + tz);
        env.set_env["TZ"] = tz;
        const auto r = w.publish({"--mode", "last", "--max-count", "5"}, env);
        INFO(tz << r.err);
        CHECK(r.exit_code == 0);
        CHECK(count_of(r.out, "\"status\":\"published\"") == 1);
        CHECK(contains(r.out, "\"item\":\"1\""));
    }
}

TEST_CASE("feed-publish: Atom by updated date, images only from image enclosures, several networks", "[feeds]") {
    World w;
    const auto iso = [](std::int64_t t) {
        const std::time_t s = static_cast<std::time_t>(t);
        std::tm tm{};
        gmtime_r(&s, &tm);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return std::string(text);
    };
    const std::string image = w.sandbox.url() + "/web/f.jpg";  // fetched by Bluesky, which uploads images
    w.sandbox.serve("/f.jpg", "image/jpeg", agoras::test::make_jpeg(40, 30));
    w.sandbox.serve("/feed.xml", "application/atom+xml",
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><id>urn:1</id><title>Podcast</title>"
                    "<link href=\"https://e.com/p\"/><link rel=\"enclosure\" type=\"audio/mpeg\" href=\"https://e.com/p.mp3\"/>"
                    "<updated>" + iso(kNow - 100) + "</updated></entry><entry><id>urn:2</id><title>Photo</title>"
                    "<link href=\"https://e.com/f\"/><link rel=\"enclosure\" type=\"image/jpeg\" href=\"" + image + "\"/>"
                    "<published>" + iso(kNow - 90000) + "</published><updated>" + iso(kNow - 200) + "</updated></entry></feed>");
    REQUIRE(w.sandbox.get("web?path=/feed.xml").find("hits") != std::string::npos);
    auto env = w.env();
    REQUIRE(run_agoras({"bluesky", "authorize", "--service", w.sandbox.url(), "--handle", "alice.sandbox.test",
                        "--app-password", "abcd-efgh-ijkl-mnop"}, env).exit_code == 0);
    const auto r = run_agoras({"utils", "feed-publish", "--network", "telegram,bluesky", "--mode", "last", "--max-count", "5",
                               "--feed-url", w.feed_url()}, env);
    INFO(r.err);
    CHECK(count_of(r.out, "\"status\":\"published\"") == 4);  // 2 items x 2 networks
    const Json state = Json::parse(w.sandbox.get("telegram/state"));
    REQUIRE(state["messages"].size() == 2);
    CHECK(state["messages"][0]["text"].text() == "Photo https://e.com/f");       // updated 200 s ago: older
    CHECK(state["messages"][0]["files"][0].text() == "url:" + image);
    CHECK(state["messages"][1]["kind"].text() == "text");                         // the mp3 is not an image
}

TEST_CASE("feed-publish random: one item per run within --max-post-age, never one already published", "[feeds]") {
    World w;
    w.serve(rss(rss_item("1", "One", kNow - 86400) + rss_item("2", "Two", kNow - 2 * 86400) +
                rss_item("3", "Three", kNow - 3 * 86400) + rss_item("4", "Ancient", kNow - 40 * 86400)));
    for (int run = 0; run < 4; ++run) CHECK(w.publish({"--mode", "random", "--max-post-age", "30"}).exit_code == 0);
    auto texts = w.texts();
    std::sort(texts.begin(), texts.end());
    CHECK(texts == std::vector<std::string>{"One https://example.com/1?utm=x", "Three https://example.com/3?utm=x",
                                            "Two https://example.com/2?utm=x"});
}

TEST_CASE("feed-publish: a conditional GET, HTML pages, broken feeds and HTTP errors post nothing", "[feeds]") {
    World w;
    w.serve(rss(rss_item("1", "One", kNow - 60)));
    CHECK(w.publish({"--mode", "last"}).exit_code == 0);
    CHECK(w.publish({"--mode", "last"}).exit_code == 0);
    CHECK(contains(w.sandbox.get("web?path=/feed.xml"), "\"not_modified\":1"));  // the second download was a 304
    CHECK(w.texts().size() == 1);

    World v;
    v.sandbox.serve("/feed.xml", "text/html", "<!doctype html><html><body>Moved</body></html>");
    const auto html = v.publish({"--mode", "last"});
    CHECK(html.exit_code == 5);
    CHECK(contains(html.err, "cannot be read"));
    v.sandbox.serve("/feed.xml", "application/rss+xml", "<rss><channel><item><title>cut");
    CHECK(v.publish({"--mode", "last"}).exit_code == 5);
    v.sandbox.serve("/feed.xml", "application/rss+xml", rss(rss_item("1", "One", kNow - 60)), 500);
    const auto failed = v.publish({"--mode", "last"});
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "HTTP 500"));
    CHECK(v.texts().empty());
    CHECK(v.publish({"--mode", "newest"}).exit_code == 2);
}

TEST_CASE("feed-publish: a charset given only by HTTP is honoured, also when the next download is a 304", "[feeds]") {
    World w;
    // "Café" in ISO-8859-1 (é is one byte, 0xE9), with no encoding in the XML declaration.
    w.sandbox.serve("/feed.xml", "application/rss+xml; charset=ISO-8859-1",
                    rss(rss_item("1", "Caf\xE9", kNow - 120)));
    const auto first = w.publish({"--mode", "last"});
    INFO(first.err);
    CHECK(first.exit_code == 0);
    REQUIRE(w.texts().size() == 1);
    CHECK(w.texts()[0] == "Caf\xC3\xA9 https://example.com/1?utm=x");
    // The next run gets a 304 and reads the cached copy, which must still say Café.
    w.sandbox.serve("/feed.xml", "application/rss+xml; charset=ISO-8859-1",
                    rss(rss_item("1", "Caf\xE9", kNow - 120) + rss_item("2", "D\xE9j\xE0", kNow - 60)));
    CHECK(w.publish({"--mode", "last"}).exit_code == 0);
    REQUIRE(w.texts().size() == 2);
    CHECK(w.texts()[1] == "D\xC3\xA9j\xC3\xA0 https://example.com/2?utm=x");

    World v;
    v.sandbox.serve("/feed.xml", "application/rss+xml; charset=x-no-such-charset", rss(rss_item("1", "One", kNow - 60)));
    CHECK(v.publish({"--mode", "last"}).exit_code == 0);  // an unknown charset is ignored, as feed readers do
    CHECK(v.texts() == std::vector<std::string>{"One https://example.com/1?utm=x"});
}

TEST_CASE("feed-publish --too-long truncate cuts a title at a word and keeps the link, and --template shapes the text", "[feeds]") {
    World w;
    std::string title;
    for (int i = 0; i < 700; ++i) title += "word" + std::to_string(i) + " ";  // about 5,600 characters: over 4,096
    title.pop_back();
    w.serve(rss(rss_item("1", title, kNow - 60)));
    const auto refused = w.publish({"--mode", "last"});
    CHECK(refused.exit_code == 2);
    CHECK(w.texts().empty());

    const auto cut = w.publish({"--mode", "last", "--too-long", "telegram=truncate"});
    INFO(cut.err);
    CHECK(cut.exit_code == 0);
    REQUIRE(w.texts().size() == 1);
    const std::string text = w.texts()[0];
    const std::string ending = "\u2026 https://example.com/1?utm=x";
    CHECK(text.size() <= 4096);
    CHECK(text.size() > 4000);  // as much as fits, not a token amount
    CHECK(text.compare(text.size() - ending.size(), ending.size(), ending) == 0);
    CHECK(text.rfind("word0 word1 ", 0) == 0);
    // Cut between words, not inside one: what precedes the ellipsis is a whole word of the title.
    const std::string kept = text.substr(0, text.size() - ending.size());
    CHECK(contains(title + " ", kept.substr(kept.rfind(' ')) + " "));
    CHECK(w.publish({"--mode", "last", "--too-long", "sometimes"}).exit_code == 2);

    World v;
    v.serve(rss(rss_item("2", "Two", kNow - 60)));
    CHECK(v.publish({"--mode", "last", "--template", "{tittle} {link}"}).exit_code == 2);
    CHECK(v.publish({"--mode", "last", "--template", "New post"}).exit_code == 2);
    CHECK(v.publish({"--mode", "last", "--template", "New: {title} ({link})"}).exit_code == 0);
    CHECK(v.texts() == std::vector<std::string>{"New: Two (https://example.com/2?utm=x)"});
}

TEST_CASE("feed-publish: a window too large to compute is a usage error, not an empty selection", "[feeds]") {
    World w;
    w.serve(rss(rss_item("a", "Recent", kNow - 60)));
    const auto r = w.publish({"--mode", "random", "--max-post-age", "999999999999999999"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--max-post-age must be 0 to 36525"));
    CHECK(w.texts().empty());
}

TEST_CASE("feed-publish: four runs at once publish each item once", "[feeds][never-twice]") {
    World w;
    w.serve(rss(rss_item("a", "First", kNow - 3000) + rss_item("b", "Second", kNow - 1800) + rss_item("c", "Third", kNow - 60)));
    w.sandbox.control("telegram/faults", "latency_ms=200");
    const auto runs = agoras::test::run_agoras_concurrently(
        4, {"utils", "feed-publish", "--network", "telegram", "--feed-url", w.feed_url(), "--mode", "last", "--max-count", "3"},
        w.env());
    for (const auto& r : runs) {
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(w.texts().size() == 3);
}

TEST_CASE("feed-publish: an image on another server of this machine is never fetched, and the item posts without it", "[feeds]") {
    World w;
    // The feed's own server is fine; "localhost" on the same port is another origin, as a service on this
    // machine that a hostile feed names would be.
    std::string elsewhere = w.sandbox.url();
    elsewhere.replace(elsewhere.find("127.0.0.1"), 9, "localhost");
    w.serve(rss(rss_item("in", "Inside", kNow - 60, "<enclosure url=\"" + elsewhere + "/web/secret.jpg\" type=\"image/jpeg\" length=\"1\"/>")));
    const auto r = w.publish({"--mode", "last"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "is neither public https nor on the feed's server; posted without it"));
    const Json state = Json::parse(w.sandbox.get("telegram/state"));
    REQUIRE(state["messages"].size() == 1);
    CHECK(state["messages"][0]["kind"].text() == "text");
}
