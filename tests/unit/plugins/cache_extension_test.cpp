// agoras.cache/1 as the host serves it: values kept per platform in the user's cache directory, read back
// only while young enough, only from the user's own private files, never outside the platform's folder.
#include "plugins/host_services.hpp"

#include "support/temp_dir.hpp"

#include <agoras/sdk/host.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

using namespace agoras::host::plugins;
namespace fs = std::filesystem;

namespace {

struct CacheWorld {
    agoras::test::TempDir dir{"cache-extension"};
    ServiceContext plugin{"fixture", {"one", "two"}};
    std::unique_ptr<ServiceContext> one = plugin.for_run("one", [](const std::string&) {});
    std::unique_ptr<ServiceContext> two = plugin.for_run("two", [](const std::string&) {});
    CacheWorld() {
        setenv("XDG_CACHE_HOME", dir.path().c_str(), 1);
        setenv("AGORAS_NOW", "1800000000", 1);
    }
    ~CacheWorld() {
        unsetenv("XDG_CACHE_HOME");
        unsetenv("AGORAS_NOW");
    }
    agoras::sdk::Host host(const ServiceContext& run) const { return agoras::sdk::Host(run.table()); }
    fs::path folder(const std::string& platform) const { return dir.path() / "agoras" / "platforms" / platform; }
};

agoras_status status_of(const std::function<void()>& body) {
    try {
        body();
        return AGORAS_OK;
    } catch (const agoras::sdk::Error& e) {
        return e.status();
    }
}

}  // namespace

TEST_CASE("cache: a value is read back while younger than the age asked for, by its own platform only", "[plugins]") {
    CacheWorld w;
    REQUIRE(w.host(*w.one).extension<agoras_cache_v1>(AGORAS_EXT_CACHE_V1) != nullptr);
    CHECK_FALSE(w.host(*w.one).cache_get("limits", 60));
    w.host(*w.one).cache_put("limits", "{\"max\":5}");
    CHECK(w.host(*w.one).cache_get("limits", 60) == std::optional<std::string>("{\"max\":5}"));
    CHECK_FALSE(w.host(*w.two).cache_get("limits", 60));  // another platform's
    setenv("AGORAS_NOW", "1800000059", 1);
    CHECK(w.host(*w.one).cache_get("limits", 60));
    setenv("AGORAS_NOW", "1800000060", 1);
    CHECK_FALSE(w.host(*w.one).cache_get("limits", 60));
    setenv("AGORAS_NOW", "1799999999", 1);  // the clock went back: read again rather than trust it
    CHECK_FALSE(w.host(*w.one).cache_get("limits", 60));
    // Replaced whole, private to the user.
    setenv("AGORAS_NOW", "1800000000", 1);
    w.host(*w.one).cache_put("limits", "");
    CHECK(w.host(*w.one).cache_get("limits", 60) == std::optional<std::string>(""));
    struct stat s {};
    REQUIRE(::stat(w.folder("one").c_str(), &s) == 0);
    CHECK((s.st_mode & 0777) == 0700);
    REQUIRE(::stat((w.folder("one") / "limits").c_str(), &s) == 0);
    CHECK((s.st_mode & 0777) == 0600);
}

TEST_CASE("cache: keys stay inside the platform's folder, and bad keys and values are the plugin's error", "[plugins]") {
    CacheWorld w;
    const auto host = w.host(*w.one);
    host.cache_put("../two/limits", "escaped?");
    host.cache_put("instance:https://a.example/x", "v");
    CHECK_FALSE(w.host(*w.two).cache_get("limits", 60));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(w.folder("one"))) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"%2E%2E%2Ftwo%2Flimits", "instance%3Ahttps%3A%2F%2Fa%2Eexample%2Fx"});
    CHECK(host.cache_get("../two/limits", 60) == std::optional<std::string>("escaped?"));
    CHECK(status_of([&] { host.cache_put("", "v"); }) == AGORAS_ERR_PLUGIN);
    CHECK(status_of([&] { host.cache_put(std::string(129, 'k'), "v"); }) == AGORAS_ERR_PLUGIN);
    CHECK(status_of([&] { host.cache_put("k", std::string(AGORAS_CACHE_MAX_VALUE + 1, 'v')); }) == AGORAS_ERR_PLUGIN);
    host.cache_put("k", std::string(AGORAS_CACHE_MAX_VALUE, 'v'));
    CHECK(host.cache_get("k", 60)->size() == AGORAS_CACHE_MAX_VALUE);
}

TEST_CASE("cache: files another user could have written, links and damaged files read as nothing kept", "[plugins]") {
    CacheWorld w;
    const auto host = w.host(*w.one);
    host.cache_put("limits", "mine");
    const fs::path file = w.folder("one") / "limits";
    fs::permissions(file, fs::perms::group_write, fs::perm_options::add);
    CHECK_FALSE(host.cache_get("limits", 60));
    fs::remove(file);
    std::ofstream(w.dir.path() / "planted") << "1800000000\nplanted";
    fs::create_symlink(w.dir.path() / "planted", file);
    CHECK_FALSE(host.cache_get("limits", 60));
    fs::remove(file);
    std::ofstream(file) << "no time line";
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    CHECK_FALSE(host.cache_get("limits", 60));
    std::ofstream(file) << "18x\nvalue";
    CHECK_FALSE(host.cache_get("limits", 60));
    ::mkfifo((w.folder("one") / "fifo").c_str(), 0600);  // never waited on
    CHECK_FALSE(host.cache_get("fifo", 60));
    // A cache that cannot be written is the plugin's to shrug off; without HOME nothing is kept, nothing fails.
    fs::permissions(w.folder("one"), fs::perms::owner_read | fs::perms::owner_exec, fs::perm_options::replace);
    if (::geteuid() != 0) CHECK(status_of([&] { host.cache_put("other", "v"); }) == AGORAS_ERR_STORAGE);
    fs::permissions(w.folder("one"), fs::perms::owner_all, fs::perm_options::replace);
    const std::string home = std::getenv("HOME");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    CHECK_FALSE(host.cache_get("limits", 60));
    CHECK(status_of([&] { host.cache_put("limits", "v"); }) == AGORAS_ERR_STORAGE);
    setenv("HOME", home.c_str(), 1);
}
