#include "cli/exit_codes.hpp"

namespace agoras::host::cli {

const std::vector<ExitCode>& exit_codes() {
    static const std::vector<ExitCode> codes = {
        {0, "success"},
        {1, "error (including \"not found\", as in the original)"},
        {2, "usage error: bad command line or invalid input, nothing was sent"},
        {3, "authentication needed, invalid, expired or revoked"},
        {4, "rate limited, retries exhausted"},
        {5, "the remote API rejected the request"},
        {6, "network, DNS, TLS or timeout failure"},
        {7, "plugin failure: missing, incompatible, crashed or misbehaving plugin"},
        {8, "storage error: the token vault or the state store is unreadable, damaged, locked or insecure, or its "
            "PostgreSQL (AGORAS_STATE_URL, AGORAS_VAULT_URL) cannot be reached, refuses or is too old"},
        {9, "post --to, feed-publish, schedule-run: some targets published, others failed; whatsapp: some recipients, not all"},
        {130, "interrupted (Ctrl-C)"},
    };
    return codes;
}

}  // namespace agoras::host::cli
