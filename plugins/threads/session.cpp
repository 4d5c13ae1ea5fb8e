#include "session.hpp"

#include "token_endpoints.hpp"

#include <ctime>

namespace agoras::threads {
namespace {

std::int64_t now_seconds(const sdk::Host& host) { return host.now_unix_ms() / 1000; }

std::string date_of(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

[[noreturn]] void expired(const Credentials& c) {
    throw sdk::Error(AGORAS_ERR_AUTH, "the Threads token expired on " + date_of(*c.expires_at) +
                                          ". Run 'agoras threads authorize' to get a new one");
}

void release_lease(const sdk::Host& host, const Credentials& c) {
    host.vault_update(c.vault_identifier, [&](const std::optional<std::string>& current) -> std::optional<std::string> {
        if (!current) return std::nullopt;
        Credentials latest = from_record_json(*current, c.vault_identifier);
        latest.refresh_lease_until.reset();
        return to_record_json(latest);
    });
}

// Applies a refresh to `c`: the new token and its lifetime, or just the attempt when Meta declined.
void apply_refresh(Credentials& c, const std::optional<TokenGrant>& grant, std::int64_t now) {
    c.last_refresh_at = now;
    if (!grant) return;
    c.token = grant->token;
    c.issued_at = now;
    c.expires_at = now + grant->expires_in.value_or(kTokenLifetime);
}

// Stores `c` under the twin record too: authorize keeps the same token under "<app id>" and "default".
void update_twin(const sdk::Host& host, const Credentials& c) {
    const std::string twin = c.vault_identifier == "default" ? c.app_id : std::string("default");
    if (twin.empty() || twin == c.vault_identifier) return;
    host.vault_update(twin, [&](const std::optional<std::string>& current) -> std::optional<std::string> {
        if (!current || from_record_json(*current, twin).app_id != c.app_id) return std::nullopt;
        Credentials copy = c;
        copy.refresh_lease_until.reset();
        return to_record_json(copy);
    });
}

// Refreshes a vault-held token without holding the vault's lock across the network call: decide
// and claim a lease under the lock (so parallel runs never refresh one token twice), call Meta
// outside it, then write the result back under the lock. A slow or dead API therefore never
// blocks another process's vault access for longer than one small transaction.
void refresh_stored(const sdk::Host& host, GraphClient& client, Credentials& c) {
    const std::int64_t now = now_seconds(host);
    bool claimed = false;
    host.vault_update(c.vault_identifier, [&](const std::optional<std::string>& current) -> std::optional<std::string> {
        Credentials latest = current ? from_record_json(*current, c.vault_identifier) : c;
        const auto decision = decide_refresh(now, latest);
        if (decision == RefreshDecision::expired) expired(latest);
        c = latest;
        if (decision != RefreshDecision::refresh) return std::nullopt;
        if (latest.refresh_lease_until && *latest.refresh_lease_until > now) {
            host.debug("another agoras process is refreshing the Threads token; using it as it is");
            return std::nullopt;
        }
        claimed = true;
        latest.refresh_lease_until = now + kRefreshLease;
        return to_record_json(latest);
    });
    if (!claimed) return;

    std::optional<TokenGrant> grant;
    bool attempted = true;
    try {
        grant = refresh_long_lived(client, c.token);
        if (!grant) host.debug("Threads declined the refresh (the token is probably less than a day old)");
    } catch (const sdk::Error& e) {
        if (e.status() != AGORAS_ERR_NETWORK) {
            release_lease(host, c);
            throw;
        }
        attempted = false;  // try again on the next run
        host.warn("could not refresh the Threads token (" + std::string(e.what()) + "); using it as it is");
    } catch (...) {
        release_lease(host, c);
        throw;
    }
    const std::string refreshed_from = c.token;
    bool stored = false;
    host.vault_update(c.vault_identifier, [&](const std::optional<std::string>& current) -> std::optional<std::string> {
        if (!current) return std::nullopt;  // deleted meanwhile: nothing to write back to
        Credentials latest = from_record_json(*current, c.vault_identifier);
        latest.refresh_lease_until.reset();
        // A new authorization meanwhile replaced the token: it wins; only the lease goes.
        if (latest.token == refreshed_from) {
            if (attempted) apply_refresh(latest, grant, now);
            stored = attempted;
        }
        c = latest;
        return to_record_json(latest);
    });
    if (stored) update_twin(host, c);
}

}  // namespace

Session open_session(const sdk::Invocation& call, const sdk::Host& host, GraphClient& client) {
    Session session{resolve_credentials(call, host), ""};
    Credentials& c = session.credentials;
    if (client.dry_run()) {
        client.set_access_token(c.token.empty() ? "ACCESS_TOKEN" : c.token);
        session.user_path = c.user_id.empty() ? "me" : c.user_id;
        return session;
    }
    if (c.token.empty()) {
        throw sdk::Error(AGORAS_ERR_AUTH,
                         "not authenticated: no Threads token in --threads-refresh-token, THREADS_REFRESH_TOKEN or the "
                         "vault. Run 'agoras threads authorize' first");
    }
    const std::int64_t now = now_seconds(host);
    if (!c.vault_identifier.empty()) {
        refresh_stored(host, client, c);
    } else if (decide_refresh(now, c) == RefreshDecision::refresh) {
        // A token from the environment has no known age: refresh it for this run (which also extends
        // its life at Meta) without writing anything to disk.
        if (auto grant = refresh_long_lived(client, c.token)) apply_refresh(c, grant, now);
    }
    if (c.expires_at && *c.expires_at - now < kExpiryWarning) {
        if (*c.expires_at <= now) expired(c);
        host.warn("the Threads token expires on " + date_of(*c.expires_at) +
                  "; run any Threads action a day after authorizing to refresh it, or authorize again");
    }
    client.set_access_token(c.token);
    if (c.user_id.find_first_not_of("0123456789") != std::string::npos) {
        throw sdk::Error(AGORAS_ERR_USAGE, "the Threads user id (--threads-user-id, THREADS_USER_ID or the vault) must be "
                                           "digits");
    }
    if (c.user_id.empty()) c.user_id = fetch_profile(client).id;
    session.user_path = c.user_id;
    return session;
}

}  // namespace agoras::threads
