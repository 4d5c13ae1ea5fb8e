// Bad plugins next to a good one: each is skipped with a clear warning, everything else works.
#include "support/text.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using agoras::test::ProcessOptions;
using agoras::test::run_agoras;
namespace fs = std::filesystem;

using agoras::test::contains;
namespace {

ProcessOptions with_all_fixtures() {
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_FIXTURE_DIR;
    return options;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> result;
    std::stringstream stream(text);
    for (std::string line; std::getline(stream, line);) result.push_back(line);
    return result;
}

std::string line_for(const std::string& out, const std::string& file) {
    for (const auto& line : lines(out)) {
        if (contains(line, "/" + file + "\"")) return line;
    }
    return "";
}

}  // namespace

TEST_CASE("plugins list reports every plugin file, loaded or skipped, as JSON lines", "[cli][plugins]") {
    const auto r = run_agoras({"plugins", "list"}, with_all_fixtures());
    CHECK(r.exit_code == 0);
    const auto good = line_for(r.out, "fixture_good.so");
    CHECK(contains(good, "\"status\":\"loaded\""));
    CHECK(contains(good, "\"id\":\"fixture\""));
    CHECK(contains(good, "\"version\":\"1.2.3\""));
    CHECK(contains(good, "\"abi\":\"1.1\""));
    CHECK(contains(good, "\"platforms\":[\"fixture\"]"));

    CHECK(contains(line_for(r.out, "fixture_abi_major.so"), "\"status\":\"skipped\""));
    CHECK(contains(line_for(r.out, "fixture_abi_major.so"), "\"abi\":\"2.0\""));
    CHECK(contains(line_for(r.out, "fixture_abi_newer_minor.so"), "ABI 1.99"));
    CHECK(contains(line_for(r.out, "fixture_no_entry.so"), "no agoras_plugin_entry symbol"));
    CHECK(contains(line_for(r.out, "fixture_init_fails.so"), "fixture refuses to start"));
    CHECK(contains(line_for(r.out, "fixture_garbage.so"), "not a loadable library"));
    for (const auto& line : lines(r.out)) {
        CHECK(line.front() == '{');
        CHECK(line.back() == '}');
    }
}

TEST_CASE("bad plugins produce one warning each and the good one still runs", "[cli][plugins]") {
    const auto r = run_agoras({"fixture", "echo", "--text", "still works"}, with_all_fixtures());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"text\":\"still works\",\"shout\":false,\"has_token\":false}\n");
    CHECK(contains(r.err, "fixture_abi_major.so: built for plugin ABI 2.0"));
    CHECK(contains(r.err, "fixture_garbage.so"));
}

TEST_CASE("an unreadable plugin file is skipped", "[cli][plugins]") {
    agoras::test::TempDir dir("unreadable");
    fs::create_symlink(dir.path() / "nowhere", dir.path() / "dangling.so");
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = dir.path().string() + ":" + AGORAS_GOOD_FIXTURE_DIR;
    const auto r = run_agoras({"plugins", "list"}, options);
    CHECK(r.exit_code == 0);
    CHECK(contains(line_for(r.out, "dangling.so"), "cannot read the file"));
    CHECK(contains(line_for(r.out, "fixture.so"), "\"status\":\"loaded\""));
}

TEST_CASE("a platform command loads only the plugin named after it", "[cli][plugins]") {
    agoras::test::TempDir dir("lazy");
    fs::copy_file(fs::path(AGORAS_GOOD_FIXTURE_DIR) / "fixture.so", dir.path() / "fixture.so");
    fs::copy_file(fs::path(AGORAS_FIXTURE_DIR) / "fixture_garbage.so", dir.path() / "aaa.so");
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = dir.path().string();
    const auto r = run_agoras({"fixture", "echo", "--text", "x"}, options);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());  // aaa.so would have produced a warning had it been opened
}

TEST_CASE("ABI: a plugin built against the frozen ABI 1.0 headers loads and runs", "[cli][abi]") {
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_FROZEN_FIXTURE_DIR;
    const auto list = run_agoras({"plugins", "list"}, options);
    CHECK(contains(list.out, "\"abi\":\"1.0\""));
    CHECK(contains(list.out, "\"status\":\"loaded\""));
    const auto r = run_agoras({"fixture", "echo", "--text", "frozen", "--count", "2"}, options);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"text\":\"frozen\",\"count\":2,\"shout\":false,\"has_token\":false}\n");
}

TEST_CASE("ABI: a plugin built against the frozen ABI 1.1 headers loads and uses 1.1", "[cli][abi]") {
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_FROZEN_1_1_FIXTURE_DIR;
    const auto list = run_agoras({"plugins", "list"}, options);
    CHECK(contains(list.out, "\"abi\":\"1.1\""));
    const auto r = run_agoras({"fixture", "echo-list", "--image", "a", "--image-2", "b", "--text", "frozen 1.1"}, options);
    CHECK(r.exit_code == 0);
    // --image-2 fills place 2 (place 1 stays an empty gap); repeated --image values follow.
    CHECK(r.out == "{\"text\":\"frozen 1.1\",\"images\":[\"\",\"b\",\"a\"],\"alt_texts\":[]}\n");
    agoras::test::TempDir store("frozen-1-1");
    options.set_env["AGORAS_STORAGE_DIR"] = store.path().string();
    const auto slow = run_agoras({"fixture", "slow-echo", "--text", "per-invocation"}, options);
    CHECK(slow.exit_code == 0);
    CHECK(contains(slow.out, "written_by"));
}

TEST_CASE("ABI: a plugin built with clang++ loads into the g++-built host", "[cli][abi]") {
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_CLANG_FIXTURE_DIR;
    const auto r = run_agoras({"fixture", "echo", "--text", "from clang", "--shout"}, options);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"text\":\"from clang\",\"shout\":true,\"has_token\":false}\n");
    const auto failing = run_agoras({"fixture", "fail", "--status", "4"}, options);
    CHECK(failing.exit_code == 4);  // errors cross the boundary from clang-built code too
}

TEST_CASE("a plugin that crashes in an action exits 7 naming the plugin and the action", "[cli][plugins]") {
    // Found by the red team: exit 139 or 134 and no message, though the README promises exit 7.
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_GOOD_FIXTURE_DIR;
    for (const std::string action : {"crash", "abort"}) {
        const auto r = run_agoras({"fixture", action}, options);
        INFO(r.err);
        CHECK(r.exit_code == 7);
        CHECK(contains(r.err, "fixture.so crashed in 'fixture " + action + "'"));
        CHECK(contains(r.err, action == "crash" ? "SIGSEGV" : "SIGABRT"));
    }
}

TEST_CASE("a plugin that crashes while loading is skipped: help, listing and other plugins keep working",
          "[cli][plugins]") {
    // Found by the red team: one such plugin killed agoras --help, plugins list and unknown commands.
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_CRASHING_FIXTURE_DIR;
    options.set_env["AGORAS_SLEEP_SCALE"] = "0.05";  // a hang is given 0.5 s instead of 10
    const auto help = run_agoras({"--help"}, options);
    INFO(help.err);
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "fixture"));
    CHECK(contains(help.err, "fixture_crash_at_load.so crashed while loading (SIGSEGV"));
    // One that never finishes loading is skipped the same way, instead of hanging agoras for ever.
    CHECK(contains(help.err, "fixture_hang_at_load.so crashed while loading (it hung"));

    const auto list = run_agoras({"plugins", "list"}, options);
    CHECK(list.exit_code == 0);
    CHECK(contains(line_for(list.out, "fixture_crash_at_load.so"), "crashed while loading"));
    CHECK(contains(line_for(list.out, "fixture_hang_at_load.so"), "\"status\":\"skipped\""));
    CHECK(contains(line_for(list.out, "fixture_survivor.so"), "\"status\":\"loaded\""));

    const auto unknown = run_agoras({"nosuchplatform", "post"}, options);
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "unknown command or platform 'nosuchplatform'"));

    const auto other = run_agoras({"fixture", "echo", "--text", "still here"}, options);
    CHECK(other.exit_code == 0);
    CHECK(contains(other.out, "still here"));
}

TEST_CASE("a plugin that hides another of the same name is named, one others can write is refused", "[cli][plugins]") {
    // Found by the red team: a threads.so earlier in the path silently replaced the real one (and read
    // its vault records); world-writable plugins loaded silently.
    agoras::test::TempDir dir("shadow");
    fs::permissions(dir.path(), fs::perms::owner_all);
    const fs::path real = fs::path(AGORAS_BINARY).parent_path().parent_path() / "lib" / "agoras" / "plugins" / "threads.so";
    fs::copy_file(real, dir.path() / "threads.so");
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = dir.path().string();
    const auto help = run_agoras({"threads", "--help"}, options);
    CHECK(help.exit_code == 0);
    CHECK(contains(help.err, "plugin " + (dir.path() / "threads.so").string() + " hides " + real.string()));
    const auto list = run_agoras({"plugins", "list"}, options);
    CHECK(contains(line_for(list.out, "threads.so"), "\"shadows\":[\"" + real.string() + "\"]"));

    fs::permissions(dir.path() / "threads.so", fs::perms::others_write, fs::perm_options::add);
    const auto refused = run_agoras({"plugins", "list"}, options);
    CHECK(contains(refused.out, "refusing to load it: it can be written by other users"));
    CHECK(contains(refused.err, "chmod go-w"));
    // The refused file hides nothing: the good one later in the path is used, and the message says so.
    CHECK(contains(refused.out, real.string() + " is used instead"));
    CHECK(contains(refused.out, "{\"path\":\"" + real.string() + "\",\"status\":\"loaded\""));
    CHECK(run_agoras({"threads", "--help"}, options).exit_code == 0);
}

TEST_CASE("ABI 1.1: out-of-band OAuth with PKCE, and error messages of any length", "[cli][abi]") {
    ProcessOptions options;
    options.set_env["AGORAS_PLUGIN_PATH"] = AGORAS_GOOD_FIXTURE_DIR;
    options.stdin_data = "code-shown-by-the-provider\n";
    const auto r = run_agoras({"fixture", "oauth-oob"}, options);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "\"code\":\"code-shown-by-the-provider\""));
    CHECK(contains(r.out, "\"redirect_uri\":\"urn:ietf:wg:oauth:2.0:oob\""));
    CHECK(contains(r.out, "\"verifier_length\":43"));
    CHECK(contains(r.err, "code_challenge_method=S256"));
    CHECK(contains(r.err, "&state="));

    // Found by the review of 1.0: errors were truncated into fixed buffers of 512 to 2048 bytes.
    const auto failed = run_agoras({"fixture", "fail-long"}, options);
    CHECK(failed.exit_code == 5);
    CHECK(contains(failed.err, "start " + std::string(5000, 'x') + " end"));
}

namespace {

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A plugin directory of its own holding copies of the good fixture and the second one, and a home whose
// declaration cache is this test's alone.
struct CacheWorld {
    agoras::test::TempDir dir{"declaration-cache"};
    fs::path plugins = dir.path() / "plugins";
    fs::path cache = dir.path() / "cache" / "agoras" / "plugins.cache";
    CacheWorld() {
        fs::create_directories(plugins);
        fs::permissions(plugins, fs::perms::owner_all);
        fs::copy_file(fs::path(AGORAS_GOOD_FIXTURE_DIR) / "fixture.so", plugins / "fixture.so");
        fs::copy_file(fs::path(AGORAS_TWO_PLUGINS_DIR) / "fixture_second.so", plugins / "second.so");
    }
    ProcessOptions env() const {
        ProcessOptions options;
        options.set_env["AGORAS_PLUGIN_PATH"] = plugins.string();
        options.set_env["XDG_CACHE_HOME"] = (dir.path() / "cache").string();
        return options;
    }
    ProcessOptions traced() const {
        auto options = env();
        options.set_env["LD_DEBUG"] = "files";  // the dynamic loader names every library it opens
        return options;
    }
};

}  // namespace

TEST_CASE("plugin declaration cache: help and listings open no plugin once the cache knows them", "[cli][plugins]") {
    CacheWorld w;
    const auto cold = run_agoras({"--help"}, w.traced());
    CHECK(cold.exit_code == 0);
    CHECK(contains(cold.err, "fixture.so"));  // opened once, to learn what it declares
    REQUIRE(fs::exists(w.cache));
    CHECK((fs::status(w.cache).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));

    const auto warm = run_agoras({"--help"}, w.traced());
    CHECK(warm.exit_code == 0);
    CHECK(warm.out == cold.out);
    CHECK_FALSE(contains(warm.err, "fixture.so"));
    CHECK_FALSE(contains(warm.err, "second.so"));
    const auto listed = run_agoras({"plugins", "list"}, w.traced());
    CHECK(contains(listed.out, "\"id\":\"second\""));
    CHECK(contains(listed.out, "\"status\":\"loaded\""));
    CHECK_FALSE(contains(listed.err, "second.so"));
    // Running an action opens its plugin, and only that one.
    const auto run = run_agoras({"second", "echo", "--text", "hi"}, w.traced());
    CHECK(run.exit_code == 0);
    CHECK(contains(run.out, "\"text\":\"hi\""));
    CHECK(contains(run.err, "second.so"));
    CHECK_FALSE(contains(run.err, "fixture.so"));
}

TEST_CASE("plugin declaration cache: a replaced plugin is read again, a damaged or foreign cache is ignored", "[cli][plugins]") {
    CacheWorld w;
    REQUIRE(run_agoras({"plugins", "list"}, w.env()).exit_code == 0);
    // The second plugin's file replaced by another build (other declarations, other identity).
    fs::remove(w.plugins / "fixture.so");
    fs::remove(w.plugins / "second.so");
    fs::copy_file(fs::path(AGORAS_FIXTURE_DIR) / "fixture_good.so", w.plugins / "second.so");
    auto listed = run_agoras({"plugins", "list"}, w.traced());
    CHECK(contains(line_for(listed.out, "second.so"), "\"id\":\"fixture\""));
    CHECK(contains(listed.err, "second.so"));  // it was opened, not taken from the cache
    CHECK(contains(read_text(w.cache), "fixture_good") == false);  // the cache names files by their path here
    CHECK(contains(read_text(w.cache), (w.plugins / "second.so").string()));

    // Damaged: ignored and written anew.
    std::ofstream(w.cache, std::ios::trunc) << "{\"format\":1,\"plugins\":[{\"path\":";
    listed = run_agoras({"plugins", "list"}, w.env());
    CHECK(listed.exit_code == 0);
    CHECK(listed.err.empty());
    CHECK(contains(read_text(w.cache), "agoras plugin declarations"));
    // Cut short: ignored, and written whole again.
    const std::string whole = read_text(w.cache);
    std::ofstream(w.cache, std::ios::trunc | std::ios::binary) << whole.substr(0, whole.size() / 2);
    listed = run_agoras({"plugins", "list"}, w.traced());
    CHECK(listed.exit_code == 0);
    CHECK(contains(listed.err, "second.so"));  // opened, since the cache could not say
    CHECK(read_text(w.cache) == whole);
    // Writable by others: ignored (someone else could make it lie), and replaced by a private one.
    fs::permissions(w.cache, fs::perms::group_write | fs::perms::others_write, fs::perm_options::add);
    CHECK(contains(run_agoras({"--help"}, w.traced()).err, "second.so"));
    CHECK((fs::status(w.cache).permissions() & (fs::perms::group_write | fs::perms::others_write)) == fs::perms::none);
}

TEST_CASE("plugin declaration cache: declarations that disagree with the file refuse to run, never run other code",
          "[cli][plugins]") {
    CacheWorld w;
    fs::rename(w.plugins / "second.so", w.plugins / "zz-extras.so");  // not named after its platform
    REQUIRE(run_agoras({"plugins", "list"}, w.env()).exit_code == 0);
    // The declarations tell which file provides a platform whose file is named otherwise: that one is opened.
    const auto found = run_agoras({"second", "echo", "--text", "x"}, w.traced());
    CHECK(found.exit_code == 0);
    CHECK(contains(found.err, "zz-extras.so"));
    CHECK_FALSE(contains(found.err, "fixture.so"));
    // The cache edited by hand (its identity kept): help shows what it says, which proves it is read...
    std::string text = read_text(w.cache);
    const std::string help = "A platform that exists only in the test suite";
    const auto at = text.rfind(help);  // the second plugin's, which sorts last
    REQUIRE(at != std::string::npos);
    text.replace(at, 14, "FROM THE CACHE");  // as long as what it replaces: the archive's lengths stay true
    std::ofstream(w.cache, std::ios::trunc | std::ios::binary) << text;
    CHECK(contains(run_agoras({"--help"}, w.env()).out, "FROM THE CACHE"));
    // ...but a plugin is opened before it runs, and one that declares something else does not run.
    const auto r = run_agoras({"second", "echo", "--text", "x"}, w.env());
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "zz-extras.so: it changed while agoras was starting"));
    CHECK(r.out.empty());
}
