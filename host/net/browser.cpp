#include "net/browser.hpp"

#include <sys/wait.h>
#include "core/environment.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace agoras::host::net {

bool is_secret_variable(const std::string& name) {
    std::string upper;
    for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* marker : {"SECRET", "TOKEN", "PASSWORD", "PASSWD", "_KEY", "CREDENTIAL", "WEBHOOK"}) {
        if (upper.find(marker) != std::string::npos) return true;
    }
    return false;
}

bool open_in_browser(const std::string& url) {
    const auto browser = core::env("BROWSER");
    // $BROWSER may hold arguments ("firefox --new-window"), so the shell splits it; the URL is passed
    // as a positional parameter and never parsed by the shell.
    const std::string command = (browser ? *browser : std::string("xdg-open")) + " \"$1\"";
    std::vector<char*> argv = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), const_cast<char*>(command.c_str()),
                               const_cast<char*>("agoras-browser"), const_cast<char*>(url.c_str()), nullptr};
    // The browser may live on after agoras: it gets none of agoras's credentials...
    std::vector<char*> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const char* equals = std::strchr(*entry, '=');
        if (equals != nullptr && !is_secret_variable(std::string(*entry, static_cast<std::size_t>(equals - *entry)))) {
            env.push_back(*entry);
        }
    }
    env.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    // ...and none of its descriptors (the callback's listening sockets, the vault), whatever a
    // library opened without close-on-exec.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    // A launcher that fails (xdg-open missing, no display) says so at once; one still running after a
    // second has opened something, and is left to run (the kernel reaps it when agoras exits).
    for (int waited_ms = 0; waited_ms < 1000; waited_ms += 50) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (done < 0) return true;
        usleep(50 * 1000);
    }
    return true;
}

bool browser_available() {
    return core::env("BROWSER").has_value() || core::env("DISPLAY").has_value() || core::env("WAYLAND_DISPLAY").has_value();
}

}  // namespace agoras::host::net
