#include "support/microsocks.hpp"

#include "support/loopback.hpp"
#include "support/sandbox_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace agoras::test {

Microsocks::Microsocks(const std::string& user, const std::string& password) : port_(free_port()) {
    const std::string port_text = std::to_string(port_);
    const char* argv[] = {"/usr/bin/microsocks", "-i", "127.0.0.1", "-p", port_text.c_str(), "-u", user.c_str(),
                          "-P", password.c_str(), nullptr};
    posix_spawn_file_actions_t quiet;  // it reports every client on stdout
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid_, argv[0], &quiet, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&quiet);
    if (spawned != 0) throw std::runtime_error("cannot start /usr/bin/microsocks (scripts/setup.sh installs it)");
    for (int tries = 0; tries < 100; ++tries) {  // at most 5 s
        if (const int probe = connect_loopback(port_); probe >= 0) {
            close(probe);
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    throw std::runtime_error("microsocks did not start listening on port " + port_text);
}

Microsocks::~Microsocks() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
}

}  // namespace agoras::test
