// The exit codes agoras documents (README, `agoras help exit-codes`, the man page): one table.
#pragma once

#include <vector>

namespace agoras::host::cli {

struct ExitCode {
    int code;
    const char* meaning;
};

const std::vector<ExitCode>& exit_codes();

}  // namespace agoras::host::cli
