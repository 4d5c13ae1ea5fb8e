// `agoras config get|set|list`: the user's configuration file (config/config_file.hpp).
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_config_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
