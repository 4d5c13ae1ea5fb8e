// Claims per second: `workers` threads, each with its own connection (as separate processes would
// have), race to claim each of `rows` journal targets and publish the ones they win. Prints one JSON
// line: the store, the rate, and whether every row was won exactly once (it must be).
//   claims_bench sqlite:/path/state.sqlite3 | postgresql://... [workers] [rows]
#include "postgres/pg_state_store.hpp"
#include "state/state_store.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace agoras::host;

namespace {

std::unique_ptr<state::Store> open(const std::string& where) {
    if (where.rfind("sqlite:", 0) == 0) return std::make_unique<state::StateStore>(where.substr(7));
    return std::make_unique<postgres::PgStateStore>(where);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: claims_bench sqlite:FILE|postgresql://... [workers] [rows]\n");
        return 2;
    }
    const std::string where = argv[1];
    const int workers = argc > 2 ? std::atoi(argv[2]) : 8, rows = argc > 3 ? std::atoi(argv[3]) : 2000;
    const std::string run = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
    open(where);  // the schema, once
    std::vector<std::atomic<int>> wins(static_cast<std::size_t>(rows));
    std::atomic<long> claims{0};
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) {
        threads.emplace_back([&, w] {
            const auto store = open(where);
            const std::string owner = "worker-" + std::to_string(w);
            for (int i = 0; i < rows; ++i) {
                const std::string key = "bench-" + run + "-" + std::to_string(i);
                ++claims;
                if (!store->claim(key, "target", owner, 60'000).won) continue;
                ++wins[static_cast<std::size_t>(i)];
                store->finish({key, "target", "published", "id", "", "", 0, "{}", owner, 0}, owner);
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bool once = true;
    for (const auto& w : wins) once = once && w == 1;
    std::printf("{\"store\":\"%s\",\"workers\":%d,\"rows\":%d,\"claims\":%ld,\"seconds\":%.3f,\"claims_per_second\":%.0f,"
                "\"each_row_once\":%s}\n",
                where.rfind("sqlite:", 0) == 0 ? "sqlite" : "postgresql", workers, rows, claims.load(), seconds,
                static_cast<double>(claims.load()) / seconds, once ? "true" : "false");
    return once ? 0 : 1;
}
