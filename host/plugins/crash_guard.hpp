// What happens when plugin code crashes (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT) instead of a raw
// signal exit:
//  - while running an action: one line on stderr naming the plugin and the action, exit 7. Nothing
//    is retried, since the action may already have published something.
//  - while loading a plugin: agoras starts the same command again (execve of itself, which is safe
//    in a signal handler) with the file listed in AGORAS_CRASHED_PLUGINS, so that the registry skips
//    it with a warning. `agoras --help`, `plugins list` and every other plugin keep working, and a
//    healthy start-up pays nothing for this. A plugin that hangs while loading (10 s, times
//    AGORAS_SLEEP_SCALE) is skipped the same way, through SIGALRM.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace agoras::host::plugins {

// Remembers argv for the restart; called once by the dispatcher.
void remember_command_line(int argc, char** argv);

// One file's crash, as handed over in AGORAS_CRASHED_PLUGINS ("<signal> <path>" lines).
struct CrashedPlugin {
    int signal_number = 0;
    std::string path;
};
std::vector<CrashedPlugin> crashed_plugins_from_environment();
std::string describe_signal(int signal_number);  // "SIGSEGV (signal 11)"

// Installs the handling for the guard's lifetime; guards nest (the innermost one speaks).
class CrashGuard {
public:
    enum class Phase { loading, running };
    CrashGuard(Phase phase, const std::string& plugin_path, const std::string& what);
    ~CrashGuard();
    CrashGuard(const CrashGuard&) = delete;
    CrashGuard& operator=(const CrashGuard&) = delete;

    struct Prepared;  // everything the signal handler needs, built before any plugin code runs

private:
    std::unique_ptr<Prepared> prepared_;
    Prepared* previous_ = nullptr;
    bool loading_ = false;
};

}  // namespace agoras::host::plugins
