// Actions of two plugins run at once in one process (what `agoras post --to` does): each run has its
// own result sink and its plugin's vault scope.
#include "plugins/plugin_registry.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>

using namespace agoras::host::plugins;

TEST_CASE("plugins: runs of two plugins at once keep separate results and vault scopes", "[plugins]") {
    agoras::test::TempDir store("concurrent");
    setenv("AGORAS_STORAGE_DIR", store.path().c_str(), 1);
    unsetenv("AGORAS_VAULT_KEY");
    setenv("AGORAS_SLEEP_SCALE", "1", 1);
    PluginRegistry registry(SearchPath{{AGORAS_TWO_PLUGINS_DIR}});
    const auto first = registry.find_platform("fixture");
    const auto second = registry.find_platform("second");
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(first->plugin != second->plugin);

    constexpr int kRunsEach = 4;
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::future<std::pair<std::string, std::vector<std::string>>>> runs;
    for (int i = 0; i < kRunsEach; ++i) {
        for (const auto* entry : {&*first, &*second}) {
            runs.push_back(std::async(std::launch::async, [entry, i] {
                const std::string text = entry->platform().name + "-" + std::to_string(i);
                std::vector<std::string> results;
                std::string error;
                const agoras_status status = entry->plugin->run(
                    entry->platform().name, "slow-echo", {{"text", text}, {"delay-ms", "300"}}, error,
                    [&](const std::string& json) { results.push_back(json); });
                if (status != AGORAS_OK) results.push_back("failed: " + error);
                return std::make_pair(text, results);
            }));
        }
    }
    std::set<std::string> seen;
    for (auto& run : runs) {
        const auto [text, results] = run.get();
        INFO(text);
        REQUIRE(results.size() == 1);  // its own result, and only its own
        CHECK(results[0].find("\"text\":\"" + text + "\"") != std::string::npos);
        // What it read back was written by a run of its own platform: the scopes never mix.
        const std::string platform = text.substr(0, text.find('-'));
        CHECK(results[0].find("written_by\\\":\\\"" + platform + "-") != std::string::npos);
        seen.insert(text);
    }
    CHECK(seen.size() == 2 * kRunsEach);
    // Eight runs of 300 ms each overlapped: far less than their sum.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(8 * 300));
    unsetenv("AGORAS_STORAGE_DIR");
}
