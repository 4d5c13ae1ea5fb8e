// `agoras plugins list`: every plugin file found, loaded or skipped, one JSON line each.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_plugins_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
