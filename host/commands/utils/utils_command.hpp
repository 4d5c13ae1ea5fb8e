// `agoras utils ...`: the command group of the original's utilities, one file or folder per command.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_utils_command(cli::CommandContext& context);

// Its commands.
int run_tokens_command(cli::CommandContext& context);       // utils tokens ...
int run_media_limits_command(cli::CommandContext& context);  // utils media-limits

}  // namespace agoras::host::commands
