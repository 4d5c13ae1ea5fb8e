#include "net/browser.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

extern char** environ;

namespace agoras::host::net {

bool open_in_browser(const std::string& url) {
    const char* browser = std::getenv("BROWSER");
    // $BROWSER may hold arguments ("firefox --new-window"), so the shell splits it; the URL is passed
    // as a positional parameter and never parsed by the shell.
    const std::string command = browser != nullptr && *browser != '\0' ? std::string(browser) + " \"$1\""
                                                                        : std::string("xdg-open \"$1\"");
    std::vector<char*> argv = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"), const_cast<char*>(command.c_str()),
                               const_cast<char*>("agoras-browser"), const_cast<char*>(url.c_str()), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    // The browser may outlive us; nobody waits for it, so let the kernel reap it.
    signal(SIGCHLD, SIG_IGN);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0;
}

}  // namespace agoras::host::net
