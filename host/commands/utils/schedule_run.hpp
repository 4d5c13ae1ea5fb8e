// `agoras utils schedule-run --network P[,P2] (--schedule-file F.csv | --sheets-id … --sheets-name …
// --sheets-client-email … --sheets-private-key …) [--max-count N]`: the rows of a schedule whose date and
// hour have come, published through the `agoras post --to` engine under one journal key per row, so
// that a row is never published twice, then marked published or error. docs/schedule.md.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_schedule_run_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
