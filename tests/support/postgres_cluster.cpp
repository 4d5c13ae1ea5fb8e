#include "support/postgres_cluster.hpp"

#include "support/process.hpp"

#include <unistd.h>

#include <filesystem>
#include <random>
#include <stdexcept>

namespace agoras::test {
namespace {

std::string quoted(const std::string& text) {
    std::string q = "'";
    for (const char c : text) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

}  // namespace

PostgresCluster::PostgresCluster() {
    for (const char* candidate : {"/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"}) {
        if (std::filesystem::exists(std::string(candidate) + "/initdb")) bin_ = candidate;
    }
    if (bin_.empty()) throw std::runtime_error("PostgreSQL's server is not installed (scripts/setup.sh installs postgresql-15)");
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::all);  // the postgres user works in it
    const std::string init = run_as_owner(bin_ + "/initdb -D " + quoted((dir_.path() / "data").string()) +
                                          " -A trust -U agoras -E UTF8 --locale=C.UTF-8 >/dev/null");
    if (!init.empty()) throw std::runtime_error("initdb failed: " + init);
    std::random_device random;
    for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
        port_ = 20000 + static_cast<int>(random() % 20000);
        try {
            start();
        } catch (const std::runtime_error&) {
        }
    }
    if (!running_) throw std::runtime_error("pg_ctl could not start a cluster");
}

void PostgresCluster::start() {
    const std::string started = run_as_owner(
        bin_ + "/pg_ctl -D " + quoted((dir_.path() / "data").string()) + " -l " + quoted((dir_.path() / "server.log").string()) +
        " -w -t 30 -o " + quoted("-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " + dir_.path().string() +
                                 " -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200") +
        " start >/dev/null");
    if (!started.empty()) throw std::runtime_error("pg_ctl start: " + started);
    running_ = true;
}

PostgresCluster::~PostgresCluster() { stop(); }

void PostgresCluster::stop() {
    if (!running_) return;
    run_as_owner(bin_ + "/pg_ctl -D " + quoted((dir_.path() / "data").string()) + " -m immediate -w stop >/dev/null");
    running_ = false;
}

std::string PostgresCluster::run_as_owner(const std::string& command) const {
    const std::string shell = geteuid() == 0 ? "chown -R postgres: " + quoted(dir_.path().string()) +
                                                   " && runuser -u postgres -- /bin/sh -c " + quoted(command)
                                             : command;
    const auto r = run_process({"/bin/sh", "-c", shell + " 2>&1"});
    return r.exit_code == 0 ? "" : r.out + r.err + " (exit " + std::to_string(r.exit_code) + ")";
}

std::string PostgresCluster::url(const std::string& database) {
    if (sql("SELECT 1 FROM pg_database WHERE datname = " + quoted(database), "postgres") != "1\n") {
        sql("CREATE DATABASE \"" + database + "\"", "postgres");
    }
    return "postgresql://agoras@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresCluster::sql(const std::string& statement, const std::string& database) const {
    const auto r = run_process({bin_ + "/psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "agoras",
                                "-d", database, "-c", statement});
    if (r.exit_code != 0) throw std::runtime_error("psql: " + r.err);
    return r.out;
}

}  // namespace agoras::test
