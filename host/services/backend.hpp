// The host's heavy services (the vault: SQLite and OpenSSL; HTTP: libcurl; the OAuth listener:
// OpenSSL) live in lib/agoras/libagoras-services.so, loaded on first use: a command that needs
// none of them (--version, --help, plugins list) never pays for loading those libraries.
//
// The library ships with the executable and is built by the same compiler, so C++ types cross this
// internal interface; exceptions do not: every call reports failure as an Outcome.
#pragma once

#include "feeds/feed.hpp"
#include "net/http_types.hpp"
#include "net/oauth_flow.hpp"
#include "net/google_token.hpp"
#include "state/journal.hpp"
#include "vault/record.hpp"

#include <agoras/agoras.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace agoras::host::services {

struct Outcome {
    agoras_status status = AGORAS_OK;
    std::string message;
    bool ok() const { return status == AGORAS_OK; }
};

// Called with the current record while the vault's write lock is held; sets `next` to the fields to
// store (or leaves it empty to keep the record) and returns a failure to abort without writing.
using VaultChange = std::function<Outcome(const std::optional<vault::Record>& current, std::optional<vault::Fields>& next)>;

class Backend {
public:
    virtual ~Backend() = default;

    virtual Outcome vault_list(const std::optional<std::string>& platform, std::vector<vault::RecordInfo>& out) = 0;
    virtual Outcome vault_get(const std::string& platform, const std::string& identifier,
                              std::optional<vault::Record>& out) = 0;
    virtual Outcome vault_put(const std::string& platform, const std::string& identifier, const vault::Fields& fields,
                              std::optional<std::int64_t> expires_at) = 0;
    virtual Outcome vault_remove(const std::string& platform, const std::string& identifier, bool& existed) = 0;
    virtual Outcome vault_update(const std::string& platform, const std::string& identifier, const VaultChange& change,
                                 std::optional<std::int64_t> expires_at) = 0;
    virtual Outcome vault_get_default(const std::string& platform, std::string& identifier) = 0;
    virtual Outcome vault_set_default(const std::string& platform, const std::string& identifier) = 0;

    // HTTP with the host's policy (allowed URLs, retries, backoff).
    virtual Outcome http_send(const net::HttpCall& call, net::HttpAnswer& answer) = 0;
    virtual Outcome oauth_authorize(const net::OAuthRequest& request, net::OAuthGrant& grant) = 0;

    // The publish journal of the state store (state/state_store.hpp).
    virtual Outcome journal_get(const std::string& key, const std::string& target,
                                std::optional<state::JournalEntry>& out) = 0;
    virtual Outcome journal_put(const state::JournalEntry& entry) = 0;
    virtual Outcome feed_cache_get(const std::string& url, std::optional<state::FeedCache>& out) = 0;
    virtual Outcome feed_cache_put(const state::FeedCache& entry) = 0;

    // The RS256-signed JWT assertion of a Google service account (OpenSSL); USAGE for a bad key.
    virtual Outcome google_assertion(const net::ServiceAccount& account, long long issued_at, std::string& out) = 0;

    // A feed document parsed (libxml2); AGORAS_ERR_REMOTE with the reason when it is not a feed.
    virtual Outcome parse_feed(const std::string& xml, feeds::Feed& out) = 0;

    // Imports the Python original's store from `from` (default: the storage directory), printing
    // one JSON line per token file; `exit_code` 0 when every file was imported or kept.
    virtual Outcome import_legacy(const std::optional<std::string>& from, bool overwrite, int& exit_code) = 0;
};

// The exported entry point of libagoras-services.so.
using BackendEntry = Backend* (*)();
constexpr const char* kBackendEntrySymbol = "agoras_services_backend_v1";

}  // namespace agoras::host::services
