// `agoras auth status [--platform P] [--check]`: every account in the vault and every credential in the
// environment, per platform, with its age, expiry and scopes, and with --check a live whoami; exit 3
// when something is expired or refused. Secrets are never shown (utils tokens show --field does that).
#pragma once

#include "cli/command_context.hpp"

#include <agoras/json.hpp>

#include <string>
#include <vector>

namespace agoras::host::commands {

int run_auth_command(cli::CommandContext& context);

// What auth status prints: one line per account in the vault and per platform with credentials in the
// environment (never a secret); `trouble` when one is expired or (with `check`) refused.
struct AuthReport {
    std::vector<Json> lines;
    bool trouble = false;
};
// `leave_no_vault`: a check that writes (a session kept) leaves no vault behind where there was none; the
// command line's `auth status --check` asks for that, a long-running agoras mcp does not.
AuthReport auth_report(plugins::PluginRegistry& registry, const std::string& platform, bool check, bool leave_no_vault = false);

}  // namespace agoras::host::commands
