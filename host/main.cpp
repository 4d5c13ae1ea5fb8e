#include "cli/dispatcher.hpp"
#include "commands/builtin_commands.hpp"
#include "core/interrupt.hpp"
#include "output/result_output.hpp"

#include <csignal>

int main(int argc, char** argv) {
    agoras::host::output::guard_standard_streams();
    // A closed pipe is an error to report (a published post's id must not vanish with a signal), and
    // the OAuth listener and libcurl write to sockets a peer may have closed.
    std::signal(SIGPIPE, SIG_IGN);
    agoras::host::core::install_interrupt_handler();
    return agoras::host::cli::run(argc, argv, agoras::host::commands::builtin_commands());
}
