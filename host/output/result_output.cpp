#include "output/result_output.hpp"

#include "log/progress.hpp"
#include "log/redactor.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <ctime>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>

namespace agoras::host::output {
namespace {

std::mutex stdout_mutex;
std::vector<std::string> selected_fields;  // --json FIELDS
ResultFilter result_filter;                // --jq
std::mutex filter_mutex;                   // a filter (jq) is not for two threads at once
std::atomic<bool> filter_failed{false};
std::atomic<bool> stdout_closed{false};
std::atomic<bool> read_only{false};
std::atomic<int> stdout_error{0};  // errno of the first failed write

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string failure_text() {
    return stdout_closed ? std::string("stdout is closed") : std::strerror(stdout_error.load());
}

}  // namespace

void guard_standard_streams() {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        // On /dev/full every write to stdout fails, so a result written there is reported, not lost.
        const int stand_in = fd == STDIN_FILENO    ? open("/dev/null", O_RDONLY | O_CLOEXEC)
                             : fd == STDOUT_FILENO ? open("/dev/full", O_WRONLY | O_CLOEXEC)
                                                   : open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (stand_in >= 0 && stand_in != fd) {
            dup2(stand_in, fd);
            close(stand_in);
        }
        if (fd == STDOUT_FILENO) stdout_closed = true;
    }
}

namespace {

Format chosen_format = Format::automatic;
bool json_asked = false;  // --json or --format json, as opposed to JSON because stdout is not a terminal

bool readable() {
    if (chosen_format == Format::automatic) chosen_format = isatty(STDOUT_FILENO) != 0 ? Format::text : Format::json;
    return chosen_format == Format::text;
}

bool is_date_field(const std::string& name, const Json& value) {
    return value.is_number() && is_date_name(name, value.integer());
}

}  // namespace

std::string local_iso8601(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &tm);
    std::string out(text, n);
    if (out.size() > 5) out.insert(out.size() - 2, ":");  // +0100 -> +01:00
    return out;
}


void set_format(Format format) {
    chosen_format = format;
    json_asked = format == Format::json;
}

bool json_requested() { return json_asked; }

bool results_as_text() { return readable() && !result_filter && selected_fields.empty(); }

std::size_t terminal_width() {
    if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && std::atoi(columns) > 20) {
        return static_cast<std::size_t>(std::atoi(columns));
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) return size.ws_col;
    return 80;
}

bool is_date_name(const std::string& name, std::int64_t value) {
    const bool named = name == "date" || name == "expires" || (name.size() > 3 && name.compare(name.size() - 3, 3, "_at") == 0);
    return named && value > 100000000 && value < 100000000000;
}

std::string human_line(std::string_view json) {
    Json object;
    try {
        object = Json::parse(std::string(json));
    } catch (const std::invalid_argument&) {
        return std::string(json);
    }
    std::string out, url;
    for (const auto& [name, value] : object.members()) {
        if (value.is_null()) continue;
        std::string shown = value.is_string() ? value.text()
                            : is_date_field(name, value) ? local_iso8601(value.integer())
                                                         : value.serialize();
        if (name == "url") {
            url = shown;
            continue;
        }
        out += (out.empty() ? "" : "  ") + name + " " + shown;
    }
    if (!url.empty()) out += (out.empty() ? "" : "  ") + url;  // the permalink last, where it is easy to click
    return out;
}

namespace {

std::string with_selected_fields(const std::string& line) {
    Json object;
    try {
        object = Json::parse(line);
    } catch (const std::invalid_argument&) {
        return line;
    }
    Json kept = Json::object();
    for (const auto& field : selected_fields) kept.set(field, object.has(field) ? object[field] : Json());
    return kept.serialize();
}

}  // namespace

void select_fields(std::vector<std::string> fields) {
    selected_fields = std::move(fields);
    set_format(Format::json);
}

void set_result_filter(ResultFilter filter) {
    result_filter = std::move(filter);
    set_format(Format::json);
}

void emit_result(std::string_view json) {
    std::string line(trim(json));
    if (line.size() < 2 || line.front() != '{' || line.back() != '}') {
        throw StatusError(AGORAS_ERR_PLUGIN, "plugin emitted a result that is not a JSON object");
    }
    // In valid JSON a raw line break can only be whitespace between tokens, so it may become a space.
    for (char& c : line) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    if (!selected_fields.empty()) line = with_selected_fields(line);
    if (result_filter) {
        std::vector<std::string> lines;
        std::string error;
        bool filtered = false;
        {
            std::lock_guard<std::mutex> lock(filter_mutex);
            filtered = result_filter(line, lines, error);
        }
        if (!filtered) {
            filter_failed = true;
            log::end_progress();
            const std::string rescue = "agoras: " + error + "; the result as it was: " + line + "\n";
            std::fwrite(rescue.data(), 1, rescue.size(), stderr);
            return;
        }
        line.clear();
        for (const auto& out : lines) line += out + '\n';
        if (line.empty()) return;
        line.pop_back();
    } else if (readable()) {
        line = log::printable(human_line(line));
    }
    line += '\n';
    log::end_progress();
    std::lock_guard<std::mutex> lock(stdout_mutex);
    std::cout.flush();  // keep the order of anything printed through std::cout before
    const bool written = std::fwrite(line.data(), 1, line.size(), stdout) == line.size() &&
                         std::fflush(stdout) == 0;
    if (written) return;
    const int error = errno != 0 ? errno : EIO;
    std::clearerr(stdout);
    if (read_only && error == EPIPE) return;  // the reader has read enough
    if (stdout_error == 0) stdout_error = error;
    const std::string rescue = "agoras: could not write this result to stdout (" + failure_text() + "): " + line;
    std::fwrite(rescue.data(), 1, rescue.size(), stderr);
}

void results_are_read_only() { read_only = true; }

bool finish_stdout() {
    std::lock_guard<std::mutex> lock(stdout_mutex);
    std::cout.flush();
    if (!std::cout.good() || std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        const int error = errno != 0 ? errno : EIO;
        if (read_only && error == EPIPE) return true;
        if (stdout_error == 0) stdout_error = error;
    }
    if (stdout_error == 0) return !filter_failed;
    std::cerr << "agoras: writing to stdout failed (" << failure_text() << "); the output above on stderr, if any, "
              << "is what was lost\n";
    return false;
}

}  // namespace agoras::host::output
