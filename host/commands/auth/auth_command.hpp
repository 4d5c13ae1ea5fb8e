// `agoras auth status [--platform P] [--check]`: every account in the vault and every credential in the
// environment, per platform, with its age, expiry and scopes, and with --check a live whoami; exit 3
// when something is expired or refused. Secrets are never shown (utils tokens show --field does that).
#pragma once

#include "cli/command_context.hpp"

namespace agoras::host::commands {

int run_auth_command(cli::CommandContext& context);

}  // namespace agoras::host::commands
