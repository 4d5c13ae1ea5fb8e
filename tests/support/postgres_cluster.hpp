// A throw-away PostgreSQL cluster for one test: initdb and pg_ctl from Debian's postgresql-15 (as the
// postgres user when the tests run as root, since initdb refuses root), listening on 127.0.0.1 only, on
// a free port, trusting local connections, stopped and removed when the object dies.
#pragma once

#include "support/temp_dir.hpp"

#include <string>

namespace agoras::test {

class PostgresCluster {
public:
    PostgresCluster();
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    // postgresql://agoras@127.0.0.1:PORT/<database>; each database is created on first ask.
    std::string url(const std::string& database = "agoras");
    int port() const { return port_; }
    // Runs SQL through psql as the cluster's superuser; returns its unaligned output.
    std::string sql(const std::string& statement, const std::string& database = "agoras") const;
    void stop();
    // Starts it again after stop(), on the same port.
    void start();

private:
    std::string run_as_owner(const std::string& command) const;

    TempDir dir_{"agoras-pg"};
    std::string bin_;
    int port_ = 0;
    bool running_ = false;
};

}  // namespace agoras::test
