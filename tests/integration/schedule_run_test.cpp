// `agoras utils schedule-run` with the real binary: a CSV schedule or a Google Sheets worksheet (the
// sandbox's Google module, with a service-account key made for the test), published to the sandbox's
// Telegram module, with a fixed clock (AGORAS_NOW) in several time zones.
#include "support/process.hpp"
#include "support/results.hpp"
#include "support/sandbox_process.hpp"
#include "support/temp_dir.hpp"
#include "support/text.hpp"

#include <agoras/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using agoras::Json;
using agoras::test::contains;
using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
using agoras::test::run_process;
using agoras::test::SandboxProcess;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kNow = 1772730000;  // 2026-03-05T17:00:00Z, a Thursday

struct World {
    SandboxProcess sandbox;
    agoras::test::TempDir dir{"schedule-it"};
    std::string csv() const { return (dir.path() / "schedule.csv").string(); }
    ProcessOptions env(const std::string& tz = "UTC") const {
        auto e = sandbox.agoras_env((dir.path() / "store").string());
        e.set_env["AGORAS_NOW"] = std::to_string(kNow);
        e.set_env["TZ"] = tz;
        e.set_env["TELEGRAM_BOT_TOKEN"] = "123456789:SANDBOX-telegram-bot-token";
        e.set_env["TELEGRAM_CHAT_ID"] = "4242";
        e.set_env["TELEGRAM_PARSE_MODE"] = "none";
        return e;
    }
    void write(const std::string& text) const { std::ofstream(csv(), std::ios::binary) << text; }
    std::string read() const {
        std::ifstream in(csv(), std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    ProcessResult run(std::vector<std::string> extra, const ProcessOptions& options) const {
        std::vector<std::string> args = {"utils", "schedule-run", "--network", "telegram", "--schedule-file", csv()};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_agoras(args, options);
    }
    ProcessResult run(std::vector<std::string> extra = {}) const { return run(std::move(extra), env()); }
    std::vector<std::string> texts() const {
        std::vector<std::string> out;
        const Json state = Json::parse(sandbox.get("telegram/state"));
        for (const auto& m : state["messages"].items()) out.push_back(m["text"].text());
        return out;
    }
};

}  // namespace

TEST_CASE("schedule-run: due rows oldest first, future rows wait, days are never read as months", "[schedule]") {
    World w;
    w.write("text,link,img1,img2,img3,img4,date,hour,state,notes\n"          // a header: its date does not parse
            "Later today,,,,,,05-03-2026,18,,keep me\n"                        // 18:00, an hour ahead
            "Third of May,,,,,,03-05-2026,9,,\n"                               // DD-MM: in May, not on 5 March
            "Missed yesterday,https://e.com/y,,,,,2026-03-04,9,draft,\n"       // an hourly run was missed: still due
            "On time,,,,,,05-03-2026,17,,\n"
            "Done,,,,,,01-03-2026,8,published,\n");
    // A second name for the original file: rewriting in place would change what it shows.
    const std::string original = w.csv() + ".original";
    fs::create_hard_link(w.csv(), original);
    const auto first = w.run({"--max-count", "5"});
    INFO(first.err);
    CHECK(first.exit_code == 0);
    CHECK(w.texts() == std::vector<std::string>{"Missed yesterday\nhttps://e.com/y", "On time"});
    const std::string after = w.read();
    CHECK(contains(after, "text,link,img1,img2,img3,img4,date,hour,state,notes\n"));  // the header is untouched
    CHECK(contains(after, "Later today,,,,,,05-03-2026,18,,keep me\n"));               // extra columns kept
    CHECK(contains(after, "Missed yesterday,https://e.com/y,,,,,2026-03-04,9,published,\n"));
    CHECK(contains(after, "On time,,,,,,05-03-2026,17,published,\n"));
    CHECK(contains(after, "Third of May,,,,,,03-05-2026,9,,\n"));
    std::ifstream kept(original, std::ios::binary);
    const std::string old_text((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
    CHECK_FALSE(contains(old_text, "17,published"));  // a new file was renamed over the old one, never rewritten in place
    CHECK(contains(old_text, "On time,,,,,,05-03-2026,17,,\n"));
    CHECK(w.run({"--max-count", "5"}).exit_code == 0);
    CHECK(w.texts().size() == 2);
}

TEST_CASE("schedule-run: --max-count (default 1), failures marked error, the others still run", "[schedule]") {
    World w;
    w.write("First,,,,,,2026-03-05,10,\nSecond,,,,,,2026-03-05,11,\n" + std::string(5000, 'x') + ",,,,,,2026-03-05,12,\nFourth,,,,,,2026-03-05,13,\n");
    CHECK(w.run().exit_code == 0);
    CHECK(w.texts() == std::vector<std::string>{"First"});
    const auto r = w.run({"--max-count", "3"});
    CHECK(r.exit_code == 2);  // the long row is refused by Telegram's limit before sending
    CHECK(w.texts() == std::vector<std::string>{"First", "Second", "Fourth"});
    CHECK(contains(w.read(), ",2026-03-05,12,error: nothing was sent"));
    CHECK(contains(w.read(), "Fourth,,,,,,2026-03-05,13,published"));
}

TEST_CASE("schedule-run: the hour is the machine's local time (TZ)", "[schedule]") {
    // 17:00 UTC is 02:00 the next day in Tokyo and 12:00 in New York.
    const std::string schedule = "Tokyo morning,,,,,,06-03-2026,1,\nNew York noon,,,,,,05-03-2026,12,\n";
    for (const auto& [tz, expected] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"Asia/Tokyo", {"Tokyo morning"}}, {"America/New_York", {"New York noon"}}}) {
        World w;
        // In Tokyo, 05-03 12:00 is long past too: both are due there; New York has not reached 6 March.
        w.write(schedule);
        const auto r = w.run({"--max-count", "5"}, w.env(tz));
        INFO(tz << r.err);
        CHECK(r.exit_code == 0);
        if (tz == "Asia/Tokyo") {
            CHECK(w.texts() == std::vector<std::string>{"New York noon", "Tokyo morning"});
        } else {
            CHECK(w.texts() == expected);
        }
    }
}

TEST_CASE("schedule-run: a run killed between posting and writing back never posts the row again", "[schedule]") {
    World w;
    w.write("Only once,,,,,,2026-03-05,9,\n");
    w.sandbox.control("telegram/faults", "latency_ms=3000");  // the message is sent; the answer is late
    auto env = w.env();
    env.set_env["AGORAS"] = AGORAS_BINARY;
    env.set_env["CSV"] = w.csv();
    const auto killed = run_process({"/bin/bash", "-c",
                                     "\"$AGORAS\" utils schedule-run --network telegram --schedule-file \"$CSV\" & pid=$!; "
                                     "sleep 1; kill -9 $pid; wait $pid; exit 0"},
                                    env);
    REQUIRE(killed.exit_code == 0);
    CHECK(w.texts().size() == 1);
    CHECK(contains(w.read(), "Only once,,,,,,2026-03-05,9,\n"));  // nothing was written back
    w.sandbox.control("telegram/faults", "latency_ms=0");
    const auto next = w.run();
    CHECK(next.exit_code != 0);
    CHECK(w.texts().size() == 1);  // Telegram cannot tell: not sent again, marked error
    CHECK(contains(w.read(), "\"error: telegram: unknown outcome"));
    CHECK(w.run().exit_code == 0);  // an error row is left for a person to look at
    CHECK(w.texts().size() == 1);
}

TEST_CASE("schedule-run with Google Sheets: a service account's token, rows read, only state cells written", "[schedule]") {
    World w;
    const auto key = w.dir.path() / "key.pem";
    REQUIRE(run_process({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.string()}).exit_code == 0);
    const auto pub = run_process({"/usr/bin/openssl", "pkey", "-in", key.string(), "-pubout"});
    REQUIRE(pub.exit_code == 0);
    std::ifstream in(key);
    std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string escaped;  // as pasted into a CI variable: literal \n sequences
    for (char c : pem) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
    const std::string email = "agoras@project.iam.gserviceaccount.com";
    ProcessOptions post;
    post.stdin_data = pub.out;
    REQUIRE(run_process({"/usr/bin/curl", "-sf", "-X", "POST", "--data-binary", "@-", w.sandbox.url() + "/_sandbox/google/account?email=" + email}, post).exit_code == 0);
    ProcessOptions sheet;
    sheet.stdin_data = R"({"values":[["Text","Link","","","","","Date","Hour","State","Owner"],["From the sheet","","","","","","05-03-2026","16","","ana"],["Not yet","","","","","","05-03-2026","20","",""]]})";
    REQUIRE(run_process({"/usr/bin/curl", "-sf", "-X", "POST", "--data-binary", "@-", w.sandbox.url() + "/_sandbox/google/sheet?id=SHEET1&name=Posts%202026"}, sheet).exit_code == 0);
    auto env = w.env();
    env.set_env["AGORAS_GOOGLE_TOKEN_URL"] = w.sandbox.url() + "/google/token";
    env.set_env["AGORAS_GOOGLE_SHEETS_URL"] = w.sandbox.url() + "/google/sheets";
    const std::vector<std::string> args = {"utils", "schedule-run", "--network", "telegram", "--sheets-id", "SHEET1", "--sheets-name",
                                           "Posts 2026", "--sheets-client-email", email, "--sheets-private-key", escaped};
    const auto r = run_agoras(args, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(w.texts() == std::vector<std::string>{"From the sheet"});
    const Json state = Json::parse(w.sandbox.get("google/state?id=SHEET1&name=Posts%202026"));
    CHECK(state["values"][1][8].text() == "published");
    CHECK(state["values"][1][9].text() == "ana");
    REQUIRE(state["writes"].size() == 1);
    CHECK(state["writes"][0].text() == "I2");  // one cell, no clear-and-rewrite
    CHECK_FALSE(contains(r.err, "PRIVATE KEY"));

    // A key Google does not know for this account: exit 3. A value that is no key at all: exit 2.
    const auto other = w.dir.path() / "other.pem";
    REQUIRE(run_process({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", other.string()}).exit_code == 0);
    std::ifstream other_in(other);
    std::string other_pem((std::istreambuf_iterator<char>(other_in)), std::istreambuf_iterator<char>());
    auto wrong = args;
    wrong.back() = other_pem;
    const auto refused = run_agoras(wrong, env);
    CHECK(refused.exit_code == 3);
    CHECK(contains(refused.err, "Invalid JWT Signature"));
    wrong.back() = "not a key";
    CHECK(run_agoras(wrong, env).exit_code == 2);
    // An encrypted key: refused at once, never a passphrase prompt.
    const auto locked = w.dir.path() / "locked.pem";
    REQUIRE(run_process({"/usr/bin/openssl", "pkey", "-in", key.string(), "-aes256", "-passout", "pass:secret", "-out", locked.string()}).exit_code == 0);
    std::ifstream locked_in(locked);
    wrong.back() = std::string((std::istreambuf_iterator<char>(locked_in)), std::istreambuf_iterator<char>());
    const auto encrypted = run_agoras(wrong, env);
    CHECK(encrypted.exit_code == 2);
    CHECK(contains(encrypted.err, "is encrypted"));
    // A token Google's side could not have meant (a line break in it) is a remote fault, not a usage error.
    w.sandbox.control("google/faults", "token_suffix=%0D%0AX-Injected: 1");
    const auto broken = run_agoras(args, env);
    CHECK(broken.exit_code == 5);
    CHECK(contains(broken.err, "access token agoras cannot use"));
    CHECK(w.texts().size() == 1);
}

TEST_CASE("schedule-run: four runners over one schedule publish each row once, and keep edits made meanwhile", "[schedule][never-twice]") {
    World w;
    w.sandbox.control("telegram/faults", "latency_ms=200");
    w.write("One,,,,,,2026-03-05,9,,\nTwo,,,,,,2026-03-05,10,,\nThree,,,,,,2026-03-05,11,,\nFour,,,,,,2026-03-05,12,,\n");
    // A symlinked schedule keeps its link.
    const std::string link = (w.dir.path() / "linked.csv").string();
    fs::create_symlink(w.csv(), link);
    auto args = std::vector<std::string>{"utils", "schedule-run", "--network", "telegram", "--schedule-file", link,
                                         "--max-count", "4"};
    const auto runs = agoras::test::run_agoras_concurrently(4, args, w.env());
    for (const auto& r : runs) {
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    auto texts = w.texts();
    std::sort(texts.begin(), texts.end());
    CHECK(texts == std::vector<std::string>{"Four", "One", "Three", "Two"});
    CHECK(fs::is_symlink(link));
    CHECK(agoras::test::count_of(w.read(), ",published") == 4);

    // A row appended and a typo fixed while a run is publishing survive its write-back.
    w.write("Five,,,,,,2026-03-05,13,,\nSix,,,,,,2026-03-05,14,,\n");
    w.sandbox.control("telegram/faults", "latency_ms=1500");
    auto slow = w.env();
    slow.set_env["AGORAS"] = AGORAS_BINARY;
    slow.set_env["CSV"] = w.csv();
    const auto edited = run_process(
        {"/bin/sh", "-c",
         "\"$AGORAS\" utils schedule-run --network telegram --schedule-file \"$CSV\" --max-count 1 & pid=$!; sleep 0.7; "
         "printf 'Five,,,,,,2026-03-05,13,,\\nSix (fixed),,,,,,2026-03-05,14,,\\nSeven,,,,,,2026-03-06,9,,\\n' > \"$CSV\"; "
         "wait $pid"},
        slow);
    INFO(edited.err);
    CHECK(edited.exit_code == 0);
    CHECK(w.read() == "Five,,,,,,2026-03-05,13,published,\nSix (fixed),,,,,,2026-03-05,14,,\nSeven,,,,,,2026-03-06,9,,\n");
}

TEST_CASE("schedule-run: copies of one schedule at the same relative path are one schedule", "[schedule][never-twice]") {
    World w;
    const std::string row = "Shared,,,,,,2026-03-05,9,,\n";
    for (const char* machine : {"runner-a", "runner-b"}) {
        fs::create_directories(w.dir.path() / machine / "repo");
        std::ofstream(w.dir.path() / machine / "repo" / "schedule.csv") << row;
    }
    for (const char* machine : {"runner-a", "runner-b"}) {
        // Each "machine" runs in its own checkout, sharing the state directory (as with AGORAS_STATE_URL).
        ProcessOptions options = w.env();
        options.set_env["AGORAS_STATE_DIR"] = (w.dir.path() / "shared-state").string();
        options.set_env["AGORAS"] = AGORAS_BINARY;
        options.set_env["REPO"] = (w.dir.path() / machine / "repo").string();
        const auto r = run_process({"/bin/sh", "-c",
                                    "cd \"$REPO\" && \"$AGORAS\" utils schedule-run --network telegram --schedule-file schedule.csv"},
                                   options);
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(w.texts() == std::vector<std::string>{"Shared"});
}

TEST_CASE("schedule-run: a 100,000-row schedule is read a row at a time, never held whole", "[schedule]") {
    World w;
    std::string text;
    for (int i = 0; i < 100000; ++i) {
        text += "Row " + std::to_string(i) + ", with a comma,https://example.com/" + std::to_string(i) + ",,,,,2031-01-1" +
                std::to_string(i % 10) + "," + std::to_string(i % 24) + ",draft,extra " + std::to_string(i) + "\n";
    }
    text += "Due one,,,,,,2026-03-05,9,,\n";
    w.write(text);
    const auto r = w.run();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(w.texts() == std::vector<std::string>{"Due one"});
    CHECK(contains(w.read(), "Due one,,,,,,2026-03-05,9,published,\n"));
    INFO("peak RSS " << r.max_rss_kib << " KiB for " << text.size() << " bytes");
#ifndef __SANITIZE_ADDRESS__  // the sanitizers' own memory is not agoras's
    // 10.5 MiB measured for 9 MB, as for a short file; 101 MiB when the file was read and parsed whole (202 MiB
    // when the rows were also copied out of the table and kept during write-back).
    CHECK(r.max_rss_kib < 20 * 1024);
#endif
}

TEST_CASE("schedule-run: the write-back changes the one state cell and copies every other row byte for byte", "[schedule]") {
    World w;
    // CRLF and LF mixed, quotes where none are needed, a quoted line break, a last line without a break.
    const std::string before = "\"Header\",link\r\n"
                               "  spaced ,\"quoted\",,,,,2031-01-01,9,,\"x\"\n"
                               "Due one,,,,,,2026-03-05,9,\r\n"
                               "\"multi\nline\",,,,,,2031-01-01,9,draft";
    w.write(before);
    const auto r = w.run();
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(w.texts() == std::vector<std::string>{"Due one"});
    CHECK(w.read() == "\"Header\",link\r\n"
                      "  spaced ,\"quoted\",,,,,2031-01-01,9,,\"x\"\n"
                      "Due one,,,,,,2026-03-05,9,published\r\n"
                      "\"multi\nline\",,,,,,2031-01-01,9,draft");
}

TEST_CASE("schedule-run: files over 256 MiB, rows over 1 MiB and unclosed quotes are refused, naming where", "[schedule]") {
    World w;
    w.write("Due one,,,,,,2026-03-05,9,\n");
    fs::resize_file(w.csv(), (256u << 20) + 1);  // sparse: nothing is written
    auto r = w.run();
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "larger than 256 MiB"));
    w.write("Due one,,,,,,2026-03-05,9,\nfine\n" + std::string((1u << 20) + 1, 'x') + ",,,,,,2026-03-05,9,\n");
    r = w.run();
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "row at line 3 is longer than 1 MiB"));
    w.write("Due one,,,,,,2026-03-05,9,\nfine\n\"open,\n\n");
    r = w.run();
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "never closed (from line 3)"));
    CHECK(w.texts().empty());  // the whole file is read before anything is published
}
