#include "core/environment.hpp"

#include "status_error.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace agoras::host::core {

const std::vector<Variable>& host_variables() {
    static const std::vector<Variable> variables = {
        {"AGORAS_STORAGE_DIR", "base directory of the token vault (default ~/.agoras)"},
        {"AGORAS_VAULT_KEY", "the vault key, base64 of 32 bytes, instead of <base>/vault.key (for CI)"},
        {"AGORAS_STATE_DIR", "directory of the non-secret state store (what was published where; default <storage dir>/state)"},
        {"AGORAS_STATE_URL", "postgresql://... : keep the state store (journal, claims, feed caches) in PostgreSQL, shared "
                             "by every machine that names it (docs/teams.md); also --state-url"},
        {"AGORAS_VAULT_URL", "postgresql://... : keep the vault's records in PostgreSQL, still sealed with AGORAS_VAULT_KEY "
                             "(required with it), shared by every machine that names it (docs/teams.md)"},
        {"AGORAS_PLUGIN_PATH", "extra plugin directories, colon-separated, searched first"},
        {"AGORAS_OAUTH_PORT", "the loopback port of authorize's callback, for every platform (default 3456)"},
        {"AGORAS_OAUTH_TIMEOUT", "seconds authorize waits for the browser, for every platform, when --timeout is not "
                                 "given (1-3600; default 300)"},
        {"AGORAS_CLAIM_LEASE", "seconds a run's claim on a target lasts without renewal, after which a run that finds "
                               "it abandoned reconciles it (1-120; default 120)"},
        {"AGORAS_HTTP_TIMEOUT", "deadline of one HTTP request, the whole exchange, in seconds (default 30)"},
        {"AGORAS_NOW", "test aid: a fixed clock, in Unix seconds (also the feed and schedule clock)"},
        {"AGORAS_GOOGLE_TOKEN_URL", "Google's OAuth token URL for schedule-run's service account, also the JWT audience "
                                    "(default https://oauth2.googleapis.com/token)"},
        {"AGORAS_GOOGLE_SHEETS_URL", "base URL of the Google Sheets API, /v4/... appended (default https://sheets.googleapis.com)"},
        {"AGORAS_SLEEP_SCALE", "test aid: a factor for every wait (e.g. 0.01)"},
        {"AGORAS_SERVICES_LIBRARY", "path of libagoras-services.so (libagoras-net.so and libagoras-feeds.so are looked for beside it), instead of lib/agoras/ next to the program"},
        {"AGORAS_CRASHED_PLUGINS", "internal: plugin files that crashed while loading, skipped on the restart"},
        {"BROWSER", "the browser authorize opens (the URL is its last argument); default xdg-open"},
        {"DISPLAY", "an X11 session: without it, WAYLAND_DISPLAY or BROWSER, authorize pastes instead of opening a browser"},
        {"WAYLAND_DISPLAY", "a Wayland session (see DISPLAY)"},
        {"SPDLOG_LEVEL", "log level, also per logger (SPDLOG_LEVEL=warn,threads=debug)"},
        {"SSL_CERT_FILE", "CA certificates to trust, as OpenSSL reads it"},
        {"SSL_CERT_DIR", "a directory of CA certificates, as OpenSSL reads it"},
        {"https_proxy", "the proxy https requests tunnel through: http://[user:password@]host[:port] (CONNECT), socks5:// "
                        "(SOCKS5, names looked up by agoras) or socks5h:// (looked up by the proxy); loopback hosts never use one"},
        {"HTTPS_PROXY", "as https_proxy, read when https_proxy is not set"},
        {"all_proxy", "as https_proxy, read when neither https_proxy nor HTTPS_PROXY is set"},
        {"ALL_PROXY", "as all_proxy"},
        {"no_proxy", "hosts that never use the proxy: comma-separated names (with their subdomains) and addresses, or *"},
        {"NO_PROXY", "as no_proxy, read when no_proxy is not set"},
        {"XDG_DATA_HOME", "base of the per-user plugin directory (default ~/.local/share)"},
        {"XDG_CONFIG_HOME", "base of the configuration file agoras/config.toml (default ~/.config)"},
        {"XDG_CACHE_HOME", "base of agoras's cache, agoras/ (default ~/.cache): plugin declarations, plugins' non-secret facts"},
        {"HOME", "the home directory"},
    };
    return variables;
}

std::optional<std::string> env(const char* name) {
    bool known = false;
    for (const auto& variable : host_variables()) known = known || std::strcmp(variable.name, name) == 0;
    if (!known) throw std::logic_error(std::string("environment variable ") + name + " is not in the host's table");
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

namespace {

// The whole-number value of variable `name` in [low, high]; a usage error naming it otherwise.
std::optional<std::uint32_t> number_in(const char* name, std::uint32_t low, std::uint32_t high) {
    const auto text = env(name);
    if (!text) return std::nullopt;
    std::uint64_t value = 0;
    bool digits = text->size() <= 10;
    for (const char c : *text) {
        digits = digits && c >= '0' && c <= '9';
        if (digits) value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (!digits || value < low || value > high) {
        throw usage_error(std::string(name) + " must be a whole number of " + std::to_string(low) + "-" +
                          std::to_string(high) + ", not '" + *text + "'");
    }
    return static_cast<std::uint32_t>(value);
}

}  // namespace

std::uint16_t oauth_port() {
    return static_cast<std::uint16_t>(number_in("AGORAS_OAUTH_PORT", 1, 65535).value_or(3456));
}

std::optional<std::uint32_t> oauth_timeout_seconds() { return number_in("AGORAS_OAUTH_TIMEOUT", 1, 3600); }

std::optional<std::uint32_t> claim_lease_seconds() { return number_in("AGORAS_CLAIM_LEASE", 1, 120); }

}  // namespace agoras::host::core
