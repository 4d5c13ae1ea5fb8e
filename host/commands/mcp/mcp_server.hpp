// The Model Context Protocol over stdio (JSON-RPC 2.0, one message per line; protocol versions
// 2025-11-25 and 2025-06-18): initialize, ping, tools/list, tools/call, and the notifications
// initialized and cancelled. Nothing but protocol messages reaches stdout: the process's own stdout
// is pointed at stderr while the server runs, so a stray write cannot break the stream.
#pragma once

#include "commands/mcp/mcp_tools.hpp"

namespace agoras::host::commands::mcp {

// Serves until the end of standard input; returns the exit code (0).
int serve(Tools& tools);

}  // namespace agoras::host::commands::mcp
