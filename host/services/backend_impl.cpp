// The body of libagoras-services.so: the vault, HTTP and OAuth behind the Backend interface.
#include "net/http_service.hpp"
#include "net/http_transport.hpp"
#include "services/backend.hpp"
#include "state/state_store.hpp"
#include "status_error.hpp"
#include "vault/legacy_import.hpp"
#include "vault/vault.hpp"

namespace agoras::host::services {
namespace {

// Runs `body`, turning every exception into an Outcome: nothing is thrown across the library boundary.
template <typename Body>
Outcome guarded(Body&& body) noexcept {
    Outcome outcome;
    outcome.status = sdk::detail::convert_exceptions(
        AGORAS_ERR_GENERIC, [&](const char* message) noexcept { outcome.message = message; }, std::forward<Body>(body));
    return outcome;
}

class ServicesBackend final : public Backend {
public:
    Outcome vault_list(const std::optional<std::string>& platform, std::vector<vault::RecordInfo>& out) override {
        return guarded([&] { out = vault::process_vault().list(platform); });
    }
    Outcome vault_get(const std::string& platform, const std::string& identifier,
                      std::optional<vault::Record>& out) override {
        return guarded([&] { out = vault::process_vault().get(platform, identifier); });
    }
    Outcome vault_put(const std::string& platform, const std::string& identifier, const vault::Fields& fields,
                      std::optional<std::int64_t> expires_at) override {
        return guarded([&] { vault::process_vault().put(platform, identifier, fields, expires_at); });
    }
    Outcome vault_remove(const std::string& platform, const std::string& identifier, bool& existed) override {
        return guarded([&] { existed = vault::process_vault().remove(platform, identifier); });
    }
    Outcome vault_update(const std::string& platform, const std::string& identifier, const VaultChange& change,
                         std::optional<std::int64_t> expires_at) override {
        return guarded([&] {
            vault::process_vault().update(
                platform, identifier,
                [&](const std::optional<vault::Record>& current) {
                    std::optional<vault::Fields> next;
                    const Outcome outcome = change(current, next);
                    if (!outcome.ok()) throw StatusError(outcome.status, outcome.message);  // rolls back
                    return next;
                },
                expires_at);
        });
    }
    Outcome http_send(const net::HttpCall& call, net::HttpAnswer& answer) override {
        return guarded([&] { answer = net::send_with_policy(call, &net::send_once); });
    }
    Outcome oauth_authorize(const net::OAuthRequest& request, net::OAuthGrant& grant) override {
        return guarded([&] { grant = net::authorize(request); });
    }
    Outcome vault_get_default(const std::string& platform, std::string& identifier) override {
        return guarded([&] { identifier = vault::process_vault().get_default(platform); });
    }
    Outcome vault_set_default(const std::string& platform, const std::string& identifier) override {
        return guarded([&] { vault::process_vault().set_default(platform, identifier); });
    }
    Outcome journal_get(const std::string& key, const std::string& target,
                        std::optional<state::JournalEntry>& out) override {
        return guarded([&] { out = state::process_state().journal_get(key, target); });
    }
    Outcome journal_put(const state::JournalEntry& entry) override {
        return guarded([&] { state::process_state().journal_put(entry); });
    }
    Outcome feed_cache_get(const std::string& url, std::optional<state::FeedCache>& out) override {
        return guarded([&] { out = state::process_state().feed_cache_get(url); });
    }
    Outcome feed_cache_put(const state::FeedCache& entry) override {
        return guarded([&] { state::process_state().feed_cache_put(entry); });
    }
    Outcome google_assertion(const net::ServiceAccount& account, long long issued_at, std::string& out) override {
        return guarded([&] { out = net::signed_assertion(account, issued_at); });
    }
    Outcome parse_feed(const std::string& xml, feeds::Feed& out) override {
        try {
            out = feeds::parse_feed(xml);
            return {};
        } catch (const std::runtime_error& e) {
            return {AGORAS_ERR_REMOTE, e.what()};
        }
    }
    Outcome import_legacy(const std::optional<std::string>& from, bool overwrite, int& exit_code) override {
        return guarded([&] {
            auto& store = vault::process_vault();
            exit_code = vault::import_legacy_store(from ? std::filesystem::path(*from) : store.paths().base, store,
                                                   overwrite);
        });
    }
};

}  // namespace
}  // namespace agoras::host::services

extern "C" __attribute__((visibility("default"))) agoras::host::services::Backend* agoras_services_backend_v1() {
    static agoras::host::services::ServicesBackend backend;
    return &backend;
}
