#include "plugins/crash_guard.hpp"

#include "clock.hpp"

#include "core/environment.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
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
constexpr std::uint64_t kLoadTimeoutMs = 10'000;  // loading takes milliseconds; this is a hang

struct CrashGuard::Prepared {
    std::string message;  // up to the signal's name
    // For a restart: the environment with this file added to AGORAS_CRASHED_PLUGINS. The entry has a
    // two-digit signal field that the handler fills in; the other entries are environ's own strings.
    std::string crashed_entry;
    std::size_t signal_field = 0;
    std::vector<char*> restart_env;
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
    case SIGALRM: return "it hung: no answer within its time";
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
    if (!prepared->restart_env.empty() && !saved_argv.empty()) {
        write_text("); skipping it\n");
        prepared->crashed_entry[prepared->signal_field] = static_cast<char>('0' + signal_number / 10 % 10);
        prepared->crashed_entry[prepared->signal_field + 1] = static_cast<char>('0' + signal_number % 10);
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_UNBLOCK, &all, nullptr);  // execve keeps the mask, and the handler blocked this signal
        execve("/proc/self/exe", saved_argv.data(), prepared->restart_env.data());
    }
    write_text("); this is a bug in the plugin\n");
    _exit(kPluginExit);
}

// A stack for the handler on the calling thread, so that a stack overflow in plugin code still gets
// its message. Every thread needs its own: `post --to` runs each plugin on a worker thread.
// A thread that has one already (the sanitizers give every thread theirs) keeps it.
class AlternateStack {
public:
    AlternateStack() {
        stack_t current{};
        if (sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE) == 0) return;
        memory_ = mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory_ == MAP_FAILED) {
            memory_ = nullptr;
            return;
        }
        stack_t stack{};
        stack.ss_sp = memory_;
        stack.ss_size = kSize;
        sigaltstack(&stack, nullptr);
    }
    ~AlternateStack() {
        if (memory_ == nullptr) return;
        stack_t off{};
        off.ss_flags = SS_DISABLE;
        sigaltstack(&off, nullptr);
        munmap(memory_, kSize);
    }
    AlternateStack(const AlternateStack&) = delete;
    AlternateStack& operator=(const AlternateStack&) = delete;

private:
    static constexpr std::size_t kSize = 64 * 1024;
    void* memory_ = nullptr;
};

void ensure_alternate_stack() { thread_local AlternateStack stack; }

void install_handlers() {
    ensure_alternate_stack();
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_handler = &on_fatal_signal;
        action.sa_flags = SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        for (int signal_number : kFatalSignals) sigaction(signal_number, &action, nullptr);
        sigaction(SIGALRM, &action, nullptr);  // a plugin that never finishes loading (CrashGuard)
    });
}

// Arms (or, with 0, disarms) the one-shot timer that ends a load that hangs.
void set_load_timer(std::uint64_t milliseconds) {
    itimerval timer{};
    timer.it_value.tv_sec = static_cast<time_t>(milliseconds / 1000);
    timer.it_value.tv_usec = static_cast<suseconds_t>(milliseconds % 1000 * 1000);
    setitimer(ITIMER_REAL, &timer, nullptr);
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
        const std::string prefix = std::string(kCrashedVariable) + "=";
        prepared_->crashed_entry = prefix + (existing != nullptr ? existing : "");
        prepared_->signal_field = prepared_->crashed_entry.size();
        prepared_->crashed_entry += "00 " + plugin_path + "\n";
        for (char** entry = environ; *entry != nullptr; ++entry) {
            if (std::strncmp(*entry, prefix.c_str(), prefix.size()) != 0) prepared_->restart_env.push_back(*entry);
        }
        prepared_->restart_env.push_back(prepared_->crashed_entry.data());
        prepared_->restart_env.push_back(nullptr);
    }
    previous_ = active;
    active = prepared_.get();
    // A plugin that hangs while loading is skipped as one that crashes: SIGALRM after a while.
    loading_ = phase == Phase::loading;
    if (loading_) set_load_timer(std::max<std::uint64_t>(scaled_ms(kLoadTimeoutMs), 100));
}

CrashGuard::~CrashGuard() {
    if (loading_) set_load_timer(0);
    active = previous_;
}

}  // namespace agoras::host::plugins
