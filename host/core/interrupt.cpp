#include "core/interrupt.hpp"

#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace agoras::host::core {
namespace {

char message[1024];
std::atomic<std::size_t> message_length{0};
termios saved_terminal{};
std::atomic<bool> terminal_to_restore{false};

void on_interrupt(int) {
    if (terminal_to_restore.load()) tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    static const char plain[] = "\nagoras: interrupted (Ctrl-C)\n";
    const std::size_t n = message_length.load(std::memory_order_acquire);
    const ssize_t ignored = n > 0 ? ::write(STDERR_FILENO, message, n) : ::write(STDERR_FILENO, plain, sizeof plain - 1);
    (void)ignored;
    _exit(130);
}

}  // namespace

void install_interrupt_handler() {
    struct sigaction action {};
    action.sa_handler = &on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
}

void note_checkpoint(const std::string& platform, const std::string& checkpoint) {
    std::string text = "\nagoras: interrupted (Ctrl-C) while publishing to " + platform + ", which had got as far as " +
                       checkpoint + " and may not have published it: check the account before running it again (a "
                       "rerun of `agoras post --to` with the same --idempotency-key checks by itself)\n";
    if (text.size() > sizeof message) text = "\nagoras: interrupted (Ctrl-C) while publishing to " + platform + "\n";
    message_length.store(0, std::memory_order_release);
    std::memcpy(message, text.data(), text.size());
    message_length.store(text.size(), std::memory_order_release);
}


void restore_terminal_on_interrupt(const termios* saved) {
    terminal_to_restore.store(false);
    if (saved == nullptr) return;
    saved_terminal = *saved;
    terminal_to_restore.store(true);
}

}  // namespace agoras::host::core
