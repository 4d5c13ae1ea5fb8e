#include "output/result_output.hpp"

#include "log/redactor.hpp"
#include "status_error.hpp"

#include <unistd.h>

#include <cstdio>

namespace agoras::host::output {
namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

void emit_result(std::string_view json) {
    std::string line = log::redact(trim(json));
    if (line.size() < 2 || line.front() != '{' || line.back() != '}') {
        throw StatusError(AGORAS_ERR_PLUGIN, "plugin emitted a result that is not a JSON object");
    }
    // In valid JSON a raw line break can only be whitespace between tokens, so it may become a space.
    for (char& c : line) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

void progress(std::string_view message) {
    if (!isatty(STDERR_FILENO)) return;
    const std::string line = log::redact(message) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace agoras::host::output
