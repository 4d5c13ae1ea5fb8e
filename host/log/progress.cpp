#include "log/progress.hpp"

#include "log/redactor.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <string>

namespace agoras::host::log {
namespace {

std::atomic<bool> progress_shown{false};

}  // namespace

void progress(std::string_view message) {
    // A terminal that cannot move the cursor (TERM=dumb: editors' shells, some CI logs) gets no progress line.
    static const bool capable = [] {
        const char* term = std::getenv("TERM");
        return isatty(STDERR_FILENO) != 0 && (term == nullptr || std::string_view(term) != "dumb");
    }();
    if (!capable || !spdlog::should_log(spdlog::level::info)) return;  // --quiet, -l warning

    // Carriage return, then erase the line.
    const std::string line = "\r\033[2K" + printable(redact(message));
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    progress_shown = true;
}

void end_progress() {
    if (!progress_shown.exchange(false)) return;
    std::fwrite("\r\033[2K", 1, 5, stderr);
    std::fflush(stderr);
}

}  // namespace agoras::host::log
