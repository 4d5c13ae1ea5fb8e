// `agoras journal list|show|resolve`: what the publish journal holds (state/state_store.hpp) — targets
// pending, unknown or failed under a key — and settling an unknown target by hand, so that a rerun
// either leaves it alone (published) or sends it again (not published).
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_journal_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
