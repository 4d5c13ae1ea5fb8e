// `agoras post --to P1,P2 --text T ...`: one typed post, checked by every target before anything is
// sent, then published to all of them at once, with a journal (--idempotency-key) so that a rerun
// never publishes twice. docs/post.md.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

// Exit code when some targets were published and some failed (README: exit codes).
constexpr int kPartialFailure = 9;

int run_post_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
