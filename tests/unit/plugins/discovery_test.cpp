#include "plugins/discovery.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

using namespace agoras::host::plugins;
namespace fs = std::filesystem;

namespace {
void touch(const fs::path& path) { std::ofstream(path) << "x"; }
}  // namespace

TEST_CASE("discovery: .so files in search order, sorted within a directory, earlier names shadow later", "[plugins]") {
    agoras::test::TempDir a("disc-a"), b("disc-b");
    touch(a.path() / "zeta.so");
    touch(a.path() / "alpha.so");
    touch(a.path() / "readme.txt");
    fs::create_directory(a.path() / "dir.so");
    touch(b.path() / "alpha.so");
    touch(b.path() / "beta.so");

    const auto found = discover(SearchPath{{a.path(), b.path(), "/nonexistent/agoras/dir"}});
    REQUIRE(found.size() == 3);
    CHECK(found[0].path == a.path() / "alpha.so");
    CHECK(found[0].shadows == std::vector<fs::path>{b.path() / "alpha.so"});
    CHECK(found[1].path == a.path() / "zeta.so");
    CHECK(found[1].shadows.empty());
    CHECK(found[2].path == b.path() / "beta.so");
}

TEST_CASE("discovery: plugin files others can write, or in a directory others can write, are insecure", "[plugins]") {
    agoras::test::TempDir dir("disc-perm");
    fs::permissions(dir.path(), fs::perms::owner_all);
    const fs::path file = dir.path() / "p.so";
    touch(file);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    CHECK(insecure_plugin_reason(file).empty());
    fs::permissions(file, fs::perms::others_write, fs::perm_options::add);
    CHECK(insecure_plugin_reason(file).find("can be written by other users (mode 0602)") != std::string::npos);
    fs::permissions(file, fs::perms::others_write, fs::perm_options::remove);
    fs::permissions(dir.path(), fs::perms::group_write, fs::perm_options::add);
    CHECK(insecure_plugin_reason(file).find("its directory can be written by other users") != std::string::npos);
    // A sticky directory (like /tmp) does not let others replace our files.
    fs::permissions(dir.path(), fs::perms::others_all | fs::perms::sticky_bit, fs::perm_options::add);
    CHECK(insecure_plugin_reason(file).empty());
    if (::geteuid() == 0) {
        CHECK(::chown(file.c_str(), 4242, 4242) == 0);
        CHECK(insecure_plugin_reason(file).find("belongs to another user (uid 4242)") != std::string::npos);
    }
}

TEST_CASE("discovery: AGORAS_PLUGIN_PATH first, then the user directory, then next to the executable", "[plugins]") {
    setenv("AGORAS_PLUGIN_PATH", "/one::/two", 1);
    setenv("XDG_DATA_HOME", "/xdg", 1);
    const auto path = default_search_path();
    REQUIRE(path.directories.size() == 4);
    CHECK(path.directories[0] == "/one");
    CHECK(path.directories[1] == "/two");
    CHECK(path.directories[2] == "/xdg/agoras/plugins");
    CHECK(path.directories[3].string().size() > std::string("lib/agoras/plugins").size());
    CHECK(path.directories[3].filename() == "plugins");

    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/someone", 1);
    CHECK(default_search_path().directories[2] == "/home/someone/.local/share/agoras/plugins");
    unsetenv("AGORAS_PLUGIN_PATH");
}

TEST_CASE("discovery: file names that announce a platform", "[plugins]") {
    CHECK(file_name_matches_platform("/x/threads.so", "threads"));
    CHECK(file_name_matches_platform("/x/agoras_threads.so", "threads"));
    CHECK_FALSE(file_name_matches_platform("/x/threadsx.so", "threads"));
    CHECK_FALSE(file_name_matches_platform("/x/webhook.so", "threads"));
}
