// `agoras plugins list`: every plugin file found, loaded or skipped, one JSON line each.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::cli {

int run_plugins_command(CommandContext& context);

}  // namespace agoras::host::cli
