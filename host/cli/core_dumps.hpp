// Commands that hold secrets (platform actions, the vault commands) must not leave them in a core
// file or let another process of the same user read their memory through ptrace or /proc/PID/mem.
#pragma once

namespace agoras::host::cli {

// prctl(PR_SET_DUMPABLE, 0) and a zero RLIMIT_CORE, for the rest of the process.
void forbid_core_dumps();

}  // namespace agoras::host::cli
