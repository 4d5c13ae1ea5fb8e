#include "support/microsocks.hpp"

#include "support/sandbox_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace agoras::test {
namespace {

bool listening(int port) {
    const int probe = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in where{};
    where.sin_family = AF_INET;
    where.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    where.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool up = connect(probe, reinterpret_cast<sockaddr*>(&where), sizeof where) == 0;
    close(probe);
    return up;
}

}  // namespace

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
        if (listening(port_)) return;
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
