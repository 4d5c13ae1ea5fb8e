#include "support/text.hpp"
#include "plugins/loaded_plugin.hpp"
#include "plugins/plugin_registry.hpp"
#include "status_error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace agoras::host::plugins;
namespace fs = std::filesystem;

using agoras::test::contains;
namespace {

PluginRecord load_record(const fs::path& path, std::unique_ptr<LoadedPlugin>* out = nullptr) {
    PluginRecord record{path, std::nullopt, nullptr, {}, {}};
    auto plugin = LoadedPlugin::load(record);
    if (out != nullptr) *out = std::move(plugin);
    return record;
}

const fs::path all_dir = AGORAS_FIXTURE_DIR;

}  // namespace

TEST_CASE("loader: a good plugin is loaded with its declarations", "[plugins]") {
    std::unique_ptr<LoadedPlugin> plugin;
    const auto record = load_record(all_dir / "fixture_good.so", &plugin);
    REQUIRE(record.skip_reason.empty());
    REQUIRE(plugin);
    const auto& info = plugin->info();
    CHECK(info.id == "fixture");
    CHECK(info.version == "1.2.3");
    CHECK(info.abi_major == AGORAS_ABI_MAJOR);
    REQUIRE(info.platforms.size() == 1);
    const auto* echo = info.platforms[0].find_action("echo");
    REQUIRE(echo != nullptr);
    REQUIRE(echo->options.size() == 4);
    CHECK(echo->options[0].name == "text");
    CHECK(echo->options[0].required);
    CHECK(echo->options[1].type == AGORAS_OPTION_INTEGER);
    CHECK(echo->options[1].env_var == std::optional<std::string>("FIXTURE_COUNT"));
    CHECK(echo->options[2].type == AGORAS_OPTION_FLAG);
    CHECK(echo->options[3].secret);
}

TEST_CASE("loader: a plugin's failure crosses the boundary as a status and a message", "[plugins]") {
    std::unique_ptr<LoadedPlugin> plugin;
    load_record(all_dir / "fixture_good.so", &plugin);
    REQUIRE(plugin);
    std::string message;
    CHECK(plugin->run("fixture", "fail", {{"status", "4"}}, message) == AGORAS_ERR_RATE_LIMITED);
    CHECK(contains(message, "failed on purpose"));
    message.clear();
    CHECK(plugin->run("fixture", "throw", {}, message) == AGORAS_ERR_PLUGIN);
    CHECK(contains(message, "std::logic_error"));
}

TEST_CASE("loader: each kind of bad plugin is skipped with its reason", "[plugins]") {
    CHECK(contains(load_record(all_dir / "fixture_abi_major.so").skip_reason, "built for plugin ABI 2.0"));
    CHECK(contains(load_record(all_dir / "fixture_abi_newer_minor.so").skip_reason, "ABI 1.99"));
    CHECK(contains(load_record(all_dir / "fixture_no_entry.so").skip_reason, "no agoras_plugin_entry symbol"));
    CHECK(contains(load_record(all_dir / "fixture_init_fails.so").skip_reason, "fixture refuses to start"));
    CHECK(contains(load_record(all_dir / "fixture_garbage.so").skip_reason, "not a loadable library"));
    CHECK(contains(load_record(all_dir / "no_such_file.so").skip_reason, "cannot read"));
}

TEST_CASE("registry: a platform lookup loads only the file named after the platform", "[plugins]") {
    agoras::test::TempDir dir("registry");
    fs::copy_file(all_dir / "fixture_good.so", dir.path() / "fixture.so");
    fs::copy_file(all_dir / "fixture_garbage.so", dir.path() / "aaa_garbage.so");
    PluginRegistry registry(SearchPath{{dir.path()}});
    const auto entry = registry.find_platform("fixture");
    REQUIRE(entry);
    CHECK(entry->plugin->info().id == "fixture");
    REQUIRE(registry.records().size() == 1);  // the garbage file was never opened
    CHECK(registry.records()[0].path.filename() == "fixture.so");

    CHECK_FALSE(registry.find_platform("nosuchplatform"));
    CHECK(registry.records().size() == 2);  // an unknown platform has to look everywhere
}

TEST_CASE("registry: a second plugin with the same id is skipped", "[plugins]") {
    agoras::test::TempDir dir("registry-dup");
    fs::copy_file(all_dir / "fixture_good.so", dir.path() / "a.so");
    fs::copy_file(all_dir / "fixture_good.so", dir.path() / "b.so");
    PluginRegistry registry(SearchPath{{dir.path()}});
    registry.load_all();
    REQUIRE(registry.records().size() == 2);
    CHECK(registry.records()[0].skip_reason.empty());
    CHECK(contains(registry.records()[1].skip_reason, "already loaded"));
    CHECK(registry.platforms().size() == 1);
}

TEST_CASE("declaration cache: the summary alone serves listings, and the rest completes it to the same declarations", "[plugins]") {
    std::unique_ptr<LoadedPlugin> loaded;
    load_record(all_dir / "fixture_good.so", &loaded);
    REQUIRE(loaded);
    const PluginInfo& full = loaded->info();
    auto entry = cache_entry("identity", full, true);
    // The summary: names, platforms' names and help, nothing a listing does not show.
    CHECK(entry.summary.id == "fixture");
    REQUIRE(entry.summary.platforms.size() == 1);
    CHECK(entry.summary.platforms[0].name == full.platforms[0].name);
    CHECK(entry.summary.platforms[0].actions.empty());
    CHECK(entry.summary.settings.empty());
    const auto cached = LoadedPlugin::declared(all_dir / "fixture_good.so", entry.summary, entry.details, true);
    CHECK(cached->summary().platforms[0].actions.empty());  // not completed by looking at the summary
    CHECK(declarations_bytes(cached->info()) == declarations_bytes(full));
}

TEST_CASE("declaration cache: damaged details are a clear error, and the cache is removed so the next run reads plugins", "[plugins]") {
    agoras::test::TempDir cache_home("declarations");
    setenv("XDG_CACHE_HOME", cache_home.path().c_str(), 1);
    const fs::path cache_file = cache_home.path() / "agoras" / "plugins.cache";
    fs::create_directories(cache_file.parent_path());
    std::ofstream(cache_file) << "a cache";
    std::unique_ptr<LoadedPlugin> loaded;
    load_record(all_dir / "fixture_good.so", &loaded);
    auto entry = cache_entry("identity", loaded->info(), true);
    entry.details.resize(entry.details.size() / 2);  // cut
    const auto cut = LoadedPlugin::declared(all_dir / "fixture_good.so", entry.summary, entry.details, true);
    CHECK(cut->summary().id == "fixture");
    try {
        cut->info();
        FAIL("damaged declarations were believed");
    } catch (const agoras::host::StatusError& e) {
        CHECK(e.status() == AGORAS_ERR_PLUGIN);
        CHECK(contains(e.what(), "declaration cache was damaged"));
    }
    CHECK_FALSE(fs::exists(cache_file));
    // Details for another plugin's platforms do not fit this summary.
    auto other = cache_entry("identity", loaded->info(), true);
    other.summary.platforms.push_back(other.summary.platforms[0]);
    CHECK_THROWS(complete_declarations(other.summary, other.details));
    unsetenv("XDG_CACHE_HOME");
}
