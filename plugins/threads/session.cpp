#include "session.hpp"

#include "token_endpoints.hpp"

#include <utc_time.hpp>

#include <agoras/sdk/token_store.hpp>

namespace agoras::threads {
namespace {

std::int64_t now_seconds(const sdk::Host& host) { return host.now_unix_ms() / 1000; }

std::string date_of(std::int64_t unix_seconds) { return text::utc_time(unix_seconds, "%Y-%m-%d %H:%M UTC"); }

[[noreturn]] void expired(const Credentials& c) {
    throw sdk::Error(AGORAS_ERR_AUTH, "the Threads token expired on " + date_of(*c.expires_at) +
                                          ". Run 'agoras threads authorize' to get a new one");
}

// Applies a refresh to `c`: the new token and its lifetime, or just the attempt when Meta declined.
void apply_refresh(Credentials& c, const std::optional<TokenGrant>& grant, std::int64_t now) {
    c.last_refresh_at = now;
    if (!grant) return;
    c.token = grant->token;
    c.issued_at = now;
    c.expires_at = now + grant->expires_in.value_or(kTokenLifetime);
}

// A vault-held token, refreshed through the SDK's token store when due.
void refresh_stored(const sdk::Host& host, meta::GraphClient& client, Credentials& c) {
    const std::int64_t now = now_seconds(host);
    sdk::RefreshPolicy policy;
    policy.due = [&](const Json& record, std::int64_t at) {
        const Credentials latest = from_record(record, c.vault_identifier);
        const auto decision = decide_refresh(at, latest);
        if (decision == RefreshDecision::expired) expired(latest);
        return decision == RefreshDecision::refresh;
    };
    policy.refresh = [&](const Json& record) {
        Credentials latest = from_record(record, c.vault_identifier);
        sdk::RefreshOutcome outcome;
        try {
            const auto grant = refresh_long_lived(client, latest.token);
            if (!grant) host.debug("Threads declined the refresh (the token is probably less than a day old)");
            apply_refresh(latest, grant, now);
            outcome.kind = grant ? sdk::RefreshOutcome::Kind::refreshed : sdk::RefreshOutcome::Kind::declined;
            outcome.record = to_record(latest);
        } catch (const sdk::Error& e) {
            if (e.status() != AGORAS_ERR_NETWORK) throw;
            host.warn("could not refresh the Threads token (" + std::string(e.what()) + "); using it as it is");
        }
        return outcome;
    };
    policy.expires_at = [](const Json& record) { return record["token_expires_at"].integer(); };
    const auto record = sdk::TokenStore(host, c.vault_identifier).get(policy);
    if (!record) return;  // deleted meanwhile: keep what was resolved
    const Credentials before = c;
    c = from_record(*record, c.vault_identifier);
    if (!before.app_secret.empty()) c.app_secret = before.app_secret;
    if (!before.user_id.empty()) c.user_id = before.user_id;
}

void require_token(const Credentials& c) {
    if (!c.token.empty()) return;
    throw sdk::Error(AGORAS_ERR_AUTH,
                     "not authenticated: no Threads token in --threads-refresh-token, THREADS_REFRESH_TOKEN or the "
                     "vault. Run 'agoras threads authorize' first");
}

}  // namespace

void require_credentials(const sdk::Invocation& call) {
    if (!call.flag("dry-run")) require_token(resolve_credentials(call));
}

Session open_session(const sdk::Invocation& call, meta::GraphClient& client) {
    const sdk::Host& host = call.host();
    Session session{resolve_credentials(call), ""};
    Credentials& c = session.credentials;
    if (client.dry_run()) {
        client.set_access_token(c.token.empty() ? "ACCESS_TOKEN" : c.token);
        session.user_id = c.user_id.empty() ? "me" : c.user_id;
        return session;
    }
    require_token(c);
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
    session.user_id = c.user_id;
    return session;
}

}  // namespace agoras::threads
