// `agoras utils tokens list|show|delete|unattended-format|import-legacy`: the vault from the command
// line, with the Python original's output formats (see docs/tokens.md).
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::cli {

int run_utils_command(CommandContext& context);

}  // namespace agoras::host::cli
