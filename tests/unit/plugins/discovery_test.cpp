#include "plugins/discovery.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

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
    CHECK(found[0] == a.path() / "alpha.so");
    CHECK(found[1] == a.path() / "zeta.so");
    CHECK(found[2] == b.path() / "beta.so");
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
