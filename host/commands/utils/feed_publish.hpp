// `agoras utils feed-publish --network P[,P2] --mode last|random --feed-url URL ...`: items of an RSS or
// Atom feed published as `<title> <link>` posts, through the `agoras post --to` engine, each item
// under a journal key of its own ("feed:<url>#<identity>"), so that no item is published twice to a
// platform across runs, interrupted ones included. docs/feeds.md.
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_feed_publish_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
