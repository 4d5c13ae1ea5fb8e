// Runs a real program as a child process, as a user or a script would, and captures everything.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agoras::test {

struct ProcessResult {
    int exit_code = -1;  // 128 + signal number when killed by a signal
    std::string out;
    std::string err;
    bool timed_out = false;
    long max_rss_kib = 0;  // the process's peak resident memory (its own, not its children's)
};

struct ProcessOptions {
    std::map<std::string, std::string> set_env;  // added to (or replacing in) the inherited environment
    std::vector<std::string> unset_env;
    std::string stdin_data;
    int timeout_seconds = 30;
    // Instead of capturing stdout: a file to write it to ("/dev/full", say), or a closed descriptor.
    std::string stdout_path;
    bool close_stdout = false;
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs build/bin/agoras with a private HOME, so no real ~/.agoras or user plugin is ever touched.
ProcessResult run_agoras(const std::vector<std::string>& args, ProcessOptions options = {});

// `count` agoras processes with the same arguments, all at once; their results in start order.
std::vector<ProcessResult> run_agoras_concurrently(int count, const std::vector<std::string>& args,
                                                  const ProcessOptions& options);

}  // namespace agoras::test
