// A token kept in the vault and refreshed when due, the same way for every platform: decide and claim
// a lease under the vault's lock (so parallel runs, on one machine or several sharing a vault, never
// refresh one token twice), refresh outside the lock (a slow provider never blocks other processes'
// vault access), then write the result back under the lock, once. The others wait for that result. A
// refresher that crashed leaves a lease that simply runs out.
#ifndef AGORAS_SDK_TOKEN_STORE_HPP
#define AGORAS_SDK_TOKEN_STORE_HPP

#include <agoras/json.hpp>
#include <agoras/sdk/host.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace agoras::sdk {

struct RefreshOutcome {
    enum class Kind {
        refreshed,   // `record` holds the new fields
        declined,    // the provider said no (too early, say): `record` records the attempt
        unreachable  // no answer: nothing is written, the next run tries again
    } kind = Kind::unreachable;
    Json record;
};

struct RefreshPolicy {
    // The field holding the token: a write-back happens only if it is unchanged meanwhile (a new
    // authorization wins over a refresh of the old token).
    std::string token_field = "refresh_token";
    // Whether `record` needs a refresh at `now_s` (Unix seconds). May throw (an expired token: AUTH).
    std::function<bool(const Json& record, std::int64_t now_s)> due;
    // The refresh itself (network). Exceptions end the run; the lease is given back first.
    std::function<RefreshOutcome(const Json& record)> refresh;
    std::int64_t lease_seconds = 150;  // longer than any refresh can take
    // The vault expiry of a refreshed record (Unix seconds, 0: none); empty: keep the stored one.
    std::function<std::int64_t(const Json& record)> expires_at;
};

class TokenStore {
public:
    static constexpr const char* kLeaseField = "refresh_lease_until";
    static constexpr std::int64_t kKeepExpiry = -1;
    static constexpr int kWaitMs = 50;

    // `platform` empty: the running action's.
    TokenStore(Host host, std::string identifier, std::string platform = {})
        : host_(host), identifier_(std::move(identifier)), platform_(std::move(platform)) {}

    // The stored record (nullopt when there is none), refreshed first when due and no other process
    // is refreshing it. The lease field never appears in what is returned.
    std::optional<Json> get(const RefreshPolicy& policy) const {
        const std::int64_t now = host_.now_unix_ms() / 1000;
        std::optional<Json> current;
        bool claimed = false, leased = false;
        // While another process (another machine, with a shared vault) refreshes it, wait for its
        // result instead of using a token that is due: bounded by its lease, on the real clock.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(policy.lease_seconds);
        do {
            if (leased) std::this_thread::sleep_for(std::chrono::milliseconds(kWaitMs));
            leased = false;
            host_.vault_update(
                identifier_,
                [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
                    current.reset();
                    if (!stored) return std::nullopt;
                    current = Json::parse(*stored);
                    if (!policy.due(*current, now)) return std::nullopt;
                    if ((*current)[kLeaseField].integer() > now) {
                        leased = true;
                        return std::nullopt;
                    }
                    claimed = true;
                    Json lease = *current;
                    lease.set(kLeaseField, now + policy.lease_seconds);
                    return lease.serialize();
                },
                kKeepExpiry, platform_);
        } while (leased && std::chrono::steady_clock::now() < deadline);
        if (leased) host_.debug("another agoras process is still refreshing the token of " + identifier_ + "; using it as it is");
        if (!current) return std::nullopt;
        current->remove(kLeaseField);
        if (!claimed) return current;

        RefreshOutcome outcome;
        try {
            outcome = policy.refresh(*current);
        } catch (...) {
            write_back(policy, *current, std::nullopt);
            throw;
        }
        if (outcome.kind == RefreshOutcome::Kind::unreachable) {
            write_back(policy, *current, std::nullopt);
            return current;
        }
        return write_back(policy, *current, outcome.record);
    }

private:
    // Under the lock: drops the lease and stores `next` unless the token changed meanwhile. Returns
    // what is stored afterwards.
    Json write_back(const RefreshPolicy& policy, const Json& refreshed_from, const std::optional<Json>& next) const {
        Json result = refreshed_from;
        host_.vault_update(
            identifier_,
            [&](const std::optional<std::string>& stored) -> std::optional<std::string> {
                if (!stored) return std::nullopt;  // deleted meanwhile: nothing to write back to
                Json latest = Json::parse(*stored);
                latest.remove(kLeaseField);
                const bool same_token =
                    latest[policy.token_field].text() == refreshed_from[policy.token_field].text();
                if (next && same_token) latest = *next;
                latest.remove(kLeaseField);
                result = latest;
                return latest.serialize();
            },
            next && policy.expires_at ? policy.expires_at(*next) : kKeepExpiry, platform_);
        return result;
    }

    Host host_;
    std::string identifier_;
    std::string platform_;
};

// The common case: the access token of vault record `identifier` (fields "access_token" and
// "access_expires_at", Unix seconds), refreshed first when it expires within `ahead_s`, or when it is
// `rejected` (the platform ended it early): `refresh` returns the record with its new fields (network).
// `token_field` as RefreshPolicy's. nullopt when the record is gone.
inline std::optional<std::string> access_token(const Host& host, const std::string& identifier,
                                               const std::function<Json(const Json& record)>& refresh,
                                               const std::string& rejected, std::int64_t ahead_s,
                                               const std::string& token_field = "refresh_token") {
    RefreshPolicy policy;
    policy.token_field = token_field;
    policy.due = [&](const Json& record, std::int64_t now) {
        return record["access_expires_at"].integer() - now < ahead_s || (!rejected.empty() && record["access_token"].text() == rejected);
    };
    policy.refresh = [&](const Json& record) { return RefreshOutcome{RefreshOutcome::Kind::refreshed, refresh(record)}; };
    // The record's own expiry stays: it outlives its access tokens.
    const auto record = TokenStore(host, identifier).get(policy);
    if (!record) return std::nullopt;
    return (*record)["access_token"].text();
}

}  // namespace agoras::sdk

#endif
