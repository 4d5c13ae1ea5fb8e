#include "cli/secret_prompt.hpp"

#include "core/interrupt.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace agoras::host::cli {

std::optional<std::string> prompt_secret(const std::string& option_name) {
    if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO)) return std::nullopt;
    std::cerr << "--" << option_name << " (input hidden): " << std::flush;
    termios saved{};
    const bool hidden = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (hidden) {
        termios quiet = saved;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        quiet.c_lflag |= ECHONL;
        core::restore_terminal_on_interrupt(&saved);     // Ctrl-C at the prompt must not leave echo off
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);  // keeps what was typed ahead
    }
    std::string value;
    const bool read = static_cast<bool>(std::getline(std::cin, value));
    if (hidden) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        core::restore_terminal_on_interrupt(nullptr);
    }
    if (!read || value.empty()) return std::nullopt;
    return value;
}

}  // namespace agoras::host::cli
