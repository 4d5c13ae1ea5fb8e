// `agoras post --to P1,P2 --text T ...`: the command over the publishing engine (publish/fanout.hpp).
// docs/post.md.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_post_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
