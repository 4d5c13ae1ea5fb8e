// The vault through the real binary: parallel processes, what lands on disk, the tokens commands,
// and importing a store written by the Python original.
#include "support/text.hpp"
#include "support/fernet.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

using agoras::test::ProcessOptions;
using agoras::test::ProcessResult;
using agoras::test::run_agoras;
namespace fs = std::filesystem;

using agoras::test::contains;
namespace {

struct Store {
    agoras::test::TempDir dir{"vault-it"};
    ProcessOptions options() const {
        ProcessOptions o;
        o.set_env["AGORAS_STORAGE_DIR"] = (dir.path() / "store").string();
        o.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_GOOD_FIXTURE_DIR;
        o.unset_env = {"AGORAS_VAULT_KEY"};
        return o;
    }
    ProcessResult agoras(const std::vector<std::string>& args) const { return run_agoras(args, options()); }
    fs::path base() const { return dir.path() / "store"; }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("vault: parallel processes lose no update and never fail on a lock", "[integration][vault]") {
    Store store;
    REQUIRE(store.agoras({"fixture", "vault-put", "--identifier", "seed", "--field", "f", "--value", "v"}).exit_code == 0);
    constexpr int kProcesses = 12;
    std::vector<std::future<ProcessResult>> runs;
    for (int i = 0; i < kProcesses; ++i) {
        runs.push_back(std::async(std::launch::async, [&store] {
            return store.agoras({"fixture", "vault-increment", "--identifier", "counter", "--delay-ms", "30"});
        }));
        runs.push_back(std::async(std::launch::async, [&store, i] {
            return store.agoras({"fixture", "vault-put", "--identifier", "writer-" + std::to_string(i), "--field",
                                 "refresh_token", "--value", "token-of-writer-" + std::to_string(i)});
        }));
    }
    for (auto& run : runs) {
        const auto r = run.get();
        INFO(r.err);
        CHECK(r.exit_code == 0);
    }
    CHECK(store.agoras({"fixture", "vault-get", "--identifier", "counter"}).out ==
          "{\"found\":true,\"fields\":{\"count\":" + std::to_string(kProcesses) + "}}\n");
    const auto list = store.agoras({"utils", "tokens", "list", "--platform", "fixture"});
    for (int i = 0; i < kProcesses; ++i) CHECK(contains(list.out, "fixture: writer-" + std::to_string(i) + "\n"));
}

TEST_CASE("vault: no stored secret appears in any file under the storage directory", "[integration][vault]") {
    Store store;
    const std::string secret = "THQVJsecret-value-that-must-not-leak-0123456789";
    REQUIRE(store.agoras({"fixture", "vault-put", "--identifier", "default", "--field", "refresh_token", "--value",
                          secret}).exit_code == 0);
    // Keep a process inside a write transaction while we look, so the WAL and journal files exist too.
    auto holder = std::async(std::launch::async, [&store] {
        return store.agoras({"fixture", "vault-increment", "--identifier", "default2", "--delay-ms", "400"});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(store.base())) {
        if (!entry.is_regular_file()) continue;
        ++files;
        INFO(entry.path());
        CHECK_FALSE(contains(slurp(entry.path()), secret));
        CHECK_FALSE(contains(slurp(entry.path()), "must-not-leak"));
    }
    CHECK(files >= 2);
    CHECK(holder.get().exit_code == 0);
}

TEST_CASE("tokens commands: list, show, delete and their exit codes", "[integration][vault]") {
    Store store;
    const auto empty = store.agoras({"utils", "tokens", "list"});
    CHECK(empty.exit_code == 1);
    CHECK(empty.err == "No stored tokens found.\n");
    CHECK_FALSE(fs::exists(store.base()));  // reading creates nothing

    store.agoras({"fixture", "vault-put", "--identifier", "default", "--field", "refresh_token", "--value",
                  "THAAabcdefghijklZz9x"});
    store.agoras({"fixture", "vault-put", "--identifier", "short", "--field", "app_secret", "--value", "abc"});

    const auto list = store.agoras({"utils", "tokens", "list", "--platform", "fixture"});
    CHECK(list.exit_code == 0);
    CHECK(list.out == "Stored tokens for platform: fixture:\n\n  fixture: default\n  fixture: short\n");

    const auto plain = store.agoras({"utils", "tokens", "show", "--platform", "fixture", "--identifier", "default"});
    CHECK(plain.out == "Platform: fixture\nIdentifier: default\nData:\n  refresh_token: THAA...Zz9x\n");
    const auto masked_short = store.agoras({"utils", "tokens", "show", "--platform", "fixture", "--identifier", "short"});
    CHECK(contains(masked_short.out, "app_secret: ***\n"));
    // A field the plugin declares secret is masked whatever its name.
    store.agoras({"fixture", "vault-put", "--identifier", "cookie", "--field", "session_cookie", "--value",
                  "c00kie-value-0123456789"});
    const auto cookie = store.agoras({"utils", "tokens", "show", "--platform", "fixture", "--identifier", "cookie"});
    CHECK(contains(cookie.out, "session_cookie: c00k...6789\n"));
    CHECK_FALSE(contains(cookie.out, "c00kie-value-0123456789"));
    CHECK(store.agoras({"utils", "tokens", "delete", "--platform", "fixture", "--identifier", "cookie"}).exit_code == 0);

    const auto field = store.agoras(
        {"utils", "tokens", "show", "--platform", "fixture", "--identifier", "default", "--field", "refresh_token"});
    CHECK(field.out == "THAAabcdefghijklZz9x\n");
    const auto json = store.agoras({"utils", "tokens", "show", "--platform", "fixture", "--identifier", "default",
                                    "--format", "json"});
    CHECK(json.out ==
          "{\n  \"platform\": \"fixture\",\n  \"identifier\": \"default\",\n  \"data\": {\n"
          "    \"refresh_token\": \"THAAabcdefghijklZz9x\"\n  }\n}\n");
    const auto missing_field = store.agoras(
        {"utils", "tokens", "show", "--platform", "fixture", "--identifier", "default", "--field", "nope"});
    CHECK(missing_field.exit_code == 1);
    CHECK(contains(missing_field.err, "Available fields: refresh_token"));
    CHECK(store.agoras({"utils", "tokens", "show", "--platform", "fixture", "--identifier", "ghost"}).exit_code == 1);
    CHECK(store.agoras({"utils", "tokens", "show"}).exit_code == 2);

    CHECK(store.agoras({"utils", "tokens", "delete", "--platform", "fixture", "--identifier", "short"}).exit_code == 0);
    CHECK(store.agoras({"utils", "tokens", "delete", "--platform", "fixture", "--identifier", "short"}).exit_code == 1);
    CHECK(store.agoras({"utils", "tokens", "delete", "--platform", "fixture", "--identifier", "../etc"}).exit_code == 2);
}

TEST_CASE("tokens commands: unattended-format prints shell-safe variables and warns on stderr", "[integration][vault]") {
    Store store;
    store.agoras({"fixture", "vault-put", "--identifier", "default", "--field", "refresh_token", "--value", "it's $x"});
    const auto r = store.agoras({"utils", "tokens", "unattended-format", "--platform", "fixture"});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "WARNING: Output contains cleartext credentials"));
    CHECK(contains(r.out, "# AGORAS_STORAGE_DIR=" + store.base().string() + "\n\n# Fixture\n"));
    CHECK(contains(r.out, "FIXTURE_REFRESH_TOKEN='it'\"'\"'s $x'\n"));
    const auto none = store.agoras({"utils", "tokens", "unattended-format", "--platform", "threads"});
    CHECK(none.exit_code == 1);
    CHECK(contains(none.err, "No stored tokens found for platform(s): threads."));
}

TEST_CASE("tokens commands: a damaged vault gives exit 8 and stays as it was", "[integration][vault]") {
    Store store;
    store.agoras({"fixture", "vault-put", "--identifier", "default", "--field", "refresh_token", "--value", "x"});
    const fs::path db = store.base() / "tokens" / "vault.sqlite3";
    std::ofstream(db, std::ios::binary | std::ios::trunc) << "this is not a database, not even close.............";
    const auto before = slurp(db);
    const auto r = store.agoras({"utils", "tokens", "list"});
    CHECK(r.exit_code == 8);
    CHECK(contains(r.err, "left untouched"));
    CHECK(store.agoras({"fixture", "vault-put", "--identifier", "x", "--field", "a", "--value", "b"}).exit_code == 8);
    CHECK(slurp(db) == before);
}

TEST_CASE("tokens import-legacy: a store written by the Python original is imported", "[integration][vault]") {
    Store store;
    const fs::path legacy = store.dir.path() / "legacy";
    fs::create_directories(legacy / "tokens");
    const std::string key = agoras::test::fernet_generate_key();
    std::ofstream(legacy / ".key") << key;  // no newline, as Python wrote it
    const std::string record =
        R"({"app_id": "990602627938098", "app_secret": "eb8c7secret", "refresh_token": "THQVJlegacy", "user_id": 17841405793187218})";
    std::ofstream(legacy / "tokens" / "threads-990602627938098.token") << agoras::test::fernet_encrypt(key, record);
    std::ofstream(legacy / "tokens" / "threads-default.token") << agoras::test::fernet_encrypt(key, record);
    std::ofstream(legacy / "tokens" / "threads-broken.token") << "gAAAAAnotavalidtoken";
    std::ofstream(legacy / "tokens" / "unrelated.txt") << "ignored";

    const auto r = store.agoras({"utils", "tokens", "import-legacy", "--from", legacy.string()});
    CHECK(r.exit_code == 8);  // one file could not be decrypted
    CHECK(contains(r.out, "\"identifier\":\"990602627938098\",\"status\":\"imported\""));
    CHECK(contains(r.out, "\"identifier\":\"default\",\"status\":\"imported\""));
    CHECK(contains(r.out, "\"identifier\":\"broken\",\"status\":\"failed\""));

    const auto shown = store.agoras({"utils", "tokens", "show", "--platform", "threads", "--identifier", "default",
                                     "--format", "json"});
    CHECK(contains(shown.out, "\"refresh_token\": \"THQVJlegacy\""));
    CHECK(contains(shown.out, "\"user_id\": 17841405793187218"));
    const auto env = store.agoras({"utils", "tokens", "unattended-format", "--platform", "threads"});
    CHECK(contains(env.out, "# Threads - OAuth 2.0\nTHREADS_APP_ID=990602627938098\nTHREADS_APP_SECRET=eb8c7secret\n"
                            "THREADS_REFRESH_TOKEN=THQVJlegacy\nTHREADS_USER_ID=17841405793187218\n"));

    fs::remove(legacy / "tokens" / "threads-broken.token");
    const auto again = store.agoras({"utils", "tokens", "import-legacy", "--from", legacy.string()});
    CHECK(again.exit_code == 0);
    CHECK(contains(again.out, "\"status\":\"kept\""));
    CHECK(fs::exists(legacy / "tokens" / "threads-default.token"));  // the old store is never modified
}

TEST_CASE("tokens import-legacy: a FIFO named like a token file is refused, not waited on", "[integration][vault]") {
    // Found by the red team: import-legacy hung forever on a FIFO named *.token.
    Store store;
    const fs::path legacy = store.dir.path() / "legacy";
    fs::create_directories(legacy / "tokens");
    const std::string key = agoras::test::fernet_generate_key();
    std::ofstream(legacy / ".key") << key;
    REQUIRE(::mkfifo((legacy / "tokens" / "threads-fifo.token").c_str(), 0600) == 0);
    std::ofstream(legacy / "tokens" / "threads-good.token") << agoras::test::fernet_encrypt(key, R"({"refresh_token": "THQVJx"})");
    auto options = store.options();
    options.timeout_seconds = 10;
    const auto r = run_agoras({"utils", "tokens", "import-legacy", "--from", legacy.string()}, options);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 8);
    CHECK(contains(r.out, "\"identifier\":\"fifo\",\"status\":\"failed\""));
    CHECK(contains(r.out, "not a regular file"));
    CHECK(contains(r.out, "\"identifier\":\"good\",\"status\":\"imported\""));
}

TEST_CASE("vault: on a read-only mount or a full disk, reads work and writes say what happened",
          "[integration][vault]") {
    // Found by the red team: even `tokens list` failed with exit 8 and advice to move an intact vault aside.
    if (agoras::test::run_process({"/usr/bin/unshare", "-m", "true"}).exit_code != 0) {
        WARN("cannot make a private mount namespace here (needs root); skipped");
        return;
    }
    agoras::test::TempDir dir("vault-mount");
    const std::string script = R"SH(
        set -u
        mkdir -p "$OUT/mnt"
        mount -t tmpfs -o size=512k,mode=0700 tmpfs "$OUT/mnt" || exit 90
        run() { name=$1; shift; "$AGORAS" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.rc"; }
        run seed fixture vault-put --identifier a --field f --value v
        mount -o remount,ro "$OUT/mnt"
        run ro-list utils tokens list
        run ro-get fixture vault-get --identifier a
        run ro-put fixture vault-put --identifier b --field f --value v
        mount -o remount,rw "$OUT/mnt"
        dd if=/dev/zero of="$OUT/mnt/filler" bs=4096 2>/dev/null
        run full-put fixture vault-put --identifier c --field f --value "$(head -c 60000 /dev/zero | tr '\0' x)"
        run full-list utils tokens list
    )SH";
    auto options = ProcessOptions{};
    options.set_env["OUT"] = dir.path().string();
    options.set_env["AGORAS"] = AGORAS_BINARY;
    options.set_env["AGORAS_STORAGE_DIR"] = (dir.path() / "mnt" / "store").string();
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_GOOD_FIXTURE_DIR;
    options.set_env["HOME"] = dir.path().string();
    options.unset_env = {"AGORAS_VAULT_KEY"};
    const auto r = agoras::test::run_process({"/usr/bin/unshare", "-m", "/bin/bash", "-c", script}, options);
    REQUIRE(r.exit_code == 0);
    const auto rc = [&](const std::string& name) { return std::stoi(slurp(dir.path() / (name + ".rc"))); };
    const auto err = [&](const std::string& name) { return slurp(dir.path() / (name + ".err")); };
    REQUIRE(rc("seed") == 0);

    CHECK(rc("ro-list") == 0);
    CHECK(contains(slurp(dir.path() / "ro-list.out"), "fixture"));
    CHECK(rc("ro-get") == 0);
    CHECK(contains(slurp(dir.path() / "ro-get.out"), "\"found\":true"));
    CHECK(rc("ro-put") == 8);
    CHECK(contains(err("ro-put"), "read-only file system"));
    CHECK_FALSE(contains(err("ro-put"), "move it aside"));

    CHECK(rc("full-put") == 8);
    CHECK(contains(err("full-put"), "disk is full"));
    CHECK_FALSE(contains(err("full-put"), "move it aside"));
    CHECK(rc("full-list") == 0);
}
