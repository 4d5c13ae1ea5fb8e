#include "plugins/crash_guard.hpp"

#include "core/environment.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>

extern char** environ;

namespace agoras::host::plugins {

constexpr const char* kCrashedVariable = "AGORAS_CRASHED_PLUGINS";
constexpr int kPluginExit = 7;  // AGORAS_ERR_PLUGIN
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};

struct CrashGuard::Prepared {
    std::string message;  // up to the signal's name
    // For a restart: the environment with this file added to AGORAS_CRASHED_PLUGINS, per signal.
    std::vector<std::vector<std::string>> restart_env_strings;
    std::vector<std::vector<char*>> restart_envs;
};

namespace {

std::vector<std::string> saved_argv_strings;
std::vector<char*> saved_argv;
// Per thread: a fatal signal from a fault is delivered to the thread that faulted, whose guard speaks.
thread_local CrashGuard::Prepared* active = nullptr;

const char* signal_name(int signal_number) {
    switch (signal_number) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    default: return "a fatal signal";
    }
}

void write_text(const char* text) {
    for (std::size_t left = std::strlen(text); left > 0;) {
        const ssize_t n = write(STDERR_FILENO, text, left);
        if (n <= 0) return;
        text += n;
        left -= static_cast<std::size_t>(n);
    }
}

std::size_t signal_index(int signal_number) {
    for (std::size_t i = 0; i < std::size(kFatalSignals); ++i) {
        if (kFatalSignals[i] == signal_number) return i;
    }
    return 0;
}

// Only async-signal-safe calls from here on: write, sigprocmask, execve, _exit.
void on_fatal_signal(int signal_number) {
    CrashGuard::Prepared* prepared = active;
    if (prepared == nullptr) {
        signal(signal_number, SIG_DFL);
        raise(signal_number);
        return;
    }
    write_text(prepared->message.c_str());
    write_text(signal_name(signal_number));
    if (!prepared->restart_envs.empty() && !saved_argv.empty()) {
        write_text("); skipping it\n");
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_UNBLOCK, &all, nullptr);  // execve keeps the mask, and the handler blocked this signal
        execve("/proc/self/exe", saved_argv.data(), prepared->restart_envs[signal_index(signal_number)].data());
    }
    write_text("); this is a bug in the plugin\n");
    _exit(kPluginExit);
}

void install_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Its own stack, so that a stack overflow in a plugin still gets a message.
        static std::vector<char> alternate(64 * 1024);
        stack_t stack{};
        stack.ss_sp = alternate.data();
        stack.ss_size = alternate.size();
        sigaltstack(&stack, nullptr);
        struct sigaction action {};
        action.sa_handler = &on_fatal_signal;
        action.sa_flags = SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        for (int signal_number : kFatalSignals) sigaction(signal_number, &action, nullptr);
    });
}

}  // namespace

void remember_command_line(int argc, char** argv) {
    saved_argv_strings.assign(argv, argv + argc);
    saved_argv.clear();
    for (auto& arg : saved_argv_strings) saved_argv.push_back(arg.data());
    saved_argv.push_back(nullptr);
}

std::vector<CrashedPlugin> crashed_plugins_from_environment() {
    std::vector<CrashedPlugin> result;
    const auto text = core::env(kCrashedVariable);
    if (!text) return result;
    std::stringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
        const auto space = line.find(' ');
        if (space == std::string::npos) continue;
        result.push_back({std::atoi(line.substr(0, space).c_str()), line.substr(space + 1)});
    }
    return result;
}

std::string describe_signal(int signal_number) {
    return std::string(signal_name(signal_number)) + " (signal " + std::to_string(signal_number) + ")";
}

CrashGuard::CrashGuard(Phase phase, const std::string& plugin_path, const std::string& what)
    : prepared_(std::make_unique<Prepared>()) {
    install_handlers();
    if (phase == Phase::running) {
        prepared_->message = "agoras: the plugin " + plugin_path + " crashed in '" + what + "' (";
    } else {
        prepared_->message = "agoras: warning: the plugin " + plugin_path + " crashed while loading (";
        const char* existing = std::getenv(kCrashedVariable);
        for (int signal_number : kFatalSignals) {
            std::vector<std::string> env;
            for (char** entry = environ; *entry != nullptr; ++entry) {
                if (std::strncmp(*entry, kCrashedVariable, std::strlen(kCrashedVariable)) != 0 ||
                    (*entry)[std::strlen(kCrashedVariable)] != '=') {
                    env.emplace_back(*entry);
                }
            }
            env.push_back(std::string(kCrashedVariable) + "=" + (existing != nullptr ? existing : "") +
                          std::to_string(signal_number) + " " + plugin_path + "\n");
            prepared_->restart_env_strings.push_back(std::move(env));
        }
        for (auto& env : prepared_->restart_env_strings) {
            std::vector<char*> pointers;
            for (auto& entry : env) pointers.push_back(entry.data());
            pointers.push_back(nullptr);
            prepared_->restart_envs.push_back(std::move(pointers));
        }
    }
    previous_ = active;
    active = prepared_.get();
}

CrashGuard::~CrashGuard() { active = previous_; }

}  // namespace agoras::host::plugins
