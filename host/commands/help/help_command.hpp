// `agoras help [topic]` (environment, exit-codes, reference, man) and `agoras completion bash|zsh|fish`.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_help_command(cli::CommandContext& context);
int run_completion_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
