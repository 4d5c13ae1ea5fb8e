// `agoras mcp [--allow-publish] [--allow-delete] [--allow-target T]... [--max-posts N]`: a Model
// Context Protocol server on stdio for assistants (docs/mcp.md).
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_mcp_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
