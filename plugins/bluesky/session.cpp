#include "session.hpp"

#include <agoras/sdk/encoding.hpp>

#include <agoras/sdk/token_store.hpp>

#include <algorithm>
#include <cctype>

namespace agoras::bluesky {
namespace {

// Renew this long before the access token's own expiry, so that a call never starts with a token
// about to run out.
constexpr std::int64_t kExpiryMargin = 60;

// The account's PDS from its DID document (the service with id #atproto_pds), or "" when absent.
std::string pds_of(const Json& did_doc) {
    for (const auto& service : did_doc["service"].items()) {
        const std::string id = service["id"].text();
        if (id.size() >= 12 && id.compare(id.size() - 12, 12, "#atproto_pds") == 0 &&
            service["type"].text() == "AtprotoPersonalDataServer") {
            std::string endpoint = service["serviceEndpoint"].text();
            while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
            return endpoint;
        }
    }
    return "";
}

SessionRecord session_from_answer(const Json& answer, const std::string& service, const std::string& identifier) {
    SessionRecord r;
    r.identifier = identifier;
    r.did = answer["did"].text();
    r.handle = answer["handle"].text();
    r.service = service;
    r.pds = pds_of(answer["didDoc"]);
    if (r.pds.empty()) r.pds = service;
    r.access_jwt = answer["accessJwt"].text();
    r.refresh_jwt = answer["refreshJwt"].text();
    if (r.did.rfind("did:", 0) != 0 || r.access_jwt.empty() || r.refresh_jwt.empty()) {
        throw sdk::Error(AGORAS_ERR_REMOTE, "Bluesky's session answer lacks did, accessJwt or refreshJwt");
    }
    return r;
}

std::string trimmed_service(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url.empty() ? kDefaultService : url;
}

[[noreturn]] void session_dead(const std::string& identifier) {
    throw sdk::Error(AGORAS_ERR_AUTH, "the Bluesky session of " + identifier +
                                          " has ended and no app password is at hand; run 'agoras bluesky authorize' "
                                          "(or set BLUESKY_APP_PASSWORD)");
}

bool refresh_is_dead(const XrpcError& e) {
    const auto& name = e.failure().name;
    return name == "ExpiredToken" || name == "InvalidToken" || e.failure().status == 401;
}

class SessionKeeper {
public:
    SessionKeeper(const sdk::Host& host, Xrpc& xrpc, std::string identifier, std::string app_password)
        : host_(host), xrpc_(xrpc), identifier_(std::move(identifier)), app_password_(std::move(app_password)) {}

    // The stored record, renewed first when its access token has expired (or is `failed_token`, which
    // the server just refused as expired). nullopt when the vault has no session.
    std::optional<SessionRecord> get(const std::string& failed_token = {}) {
        sdk::RefreshPolicy policy;
        policy.token_field = "refresh_jwt";
        policy.due = [&](const Json& record, std::int64_t now) {
            const std::string access = record["access_jwt"].text();
            if (!failed_token.empty()) return access == failed_token;
            const std::int64_t expiry = jwt_expiry(access);
            return expiry != 0 && expiry - kExpiryMargin <= now;
        };
        policy.refresh = [&](const Json& json) { return renew(SessionRecord::from_json(json, identifier_)); };
        const auto json = sdk::TokenStore(host_, identifier_).get(policy);
        if (!json) return std::nullopt;
        return SessionRecord::from_json(*json, identifier_);
    }

private:
    sdk::RefreshOutcome renew(SessionRecord r) {
        sdk::RefreshOutcome outcome;
        outcome.kind = sdk::RefreshOutcome::Kind::refreshed;
        xrpc_.set_service(r.pds);
        try {
            const Json answer =
                xrpc_.procedure_with(r.refresh_jwt, "com.atproto.server.refreshSession", Json(), "renewing the session");
            SessionRecord next = session_from_answer(answer, r.service, r.identifier);
            next.app_password = r.app_password;
            host_.debug("renewed the Bluesky session of " + r.identifier);
            outcome.record = next.to_json();
            return outcome;
        } catch (const XrpcError& e) {
            if (!refresh_is_dead(e)) throw;
        }
        // The refresh token is dead (revoked, expired, or used by a run that lost its answer): log in
        // again if we may.
        const std::string password = !app_password_.empty() ? app_password_ : r.app_password;
        if (password.empty()) session_dead(r.identifier);
        host_.info("the Bluesky session of " + r.identifier + " has ended; logging in again");
        SessionRecord next = create_session(xrpc_, r.service, r.identifier, password);
        next.app_password = r.app_password;
        outcome.record = next.to_json();
        return outcome;
    }

    sdk::Host host_;
    Xrpc& xrpc_;
    std::string identifier_;
    std::string app_password_;
};

}  // namespace

Json SessionRecord::to_json() const {
    // The identifier is the record's name in the vault, not one of its fields.
    Json json = Json::object()
                    .set("did", did)
                    .set("handle", handle)
                    .set("service", service)
                    .set("pds", pds)
                    .set("access_jwt", access_jwt)
                    .set("refresh_jwt", refresh_jwt);
    if (!app_password.empty()) json.set("app_password", app_password);
    return json;
}

SessionRecord SessionRecord::from_json(const Json& json, const std::string& identifier) {
    SessionRecord r;
    r.identifier = identifier;
    r.did = json["did"].text();
    r.handle = json["handle"].text();
    r.service = trimmed_service(json["service"].text());
    r.pds = json["pds"].text().empty() ? r.service : json["pds"].text();
    r.access_jwt = json["access_jwt"].text();
    r.refresh_jwt = json["refresh_jwt"].text();
    r.app_password = json["app_password"].text();
    return r;
}

std::string identifier_of(const std::string& login) {
    std::string id = login.rfind('@', 0) == 0 ? login.substr(1) : login;
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return id;
}

std::int64_t jwt_expiry(const std::string& jwt) {
    const auto first = jwt.find('.');
    const auto second = first == std::string::npos ? std::string::npos : jwt.find('.', first + 1);
    if (second == std::string::npos) return 0;
    try {
        const auto payload = sdk::base64url_decode(std::string_view(jwt).substr(first + 1, second - first - 1));
        return payload ? Json::parse(*payload)["exp"].integer() : 0;
    } catch (const std::invalid_argument&) {
        return 0;
    }
}

SessionRecord create_session(Xrpc& xrpc, const std::string& service, const std::string& identifier,
                             const std::string& app_password) {
    xrpc.set_service(service);
    const Json answer = xrpc.procedure("com.atproto.server.createSession",
                                       Json::object().set("identifier", identifier).set("password", app_password),
                                       "logging in as " + identifier);
    if (xrpc.dry_run()) {
        SessionRecord r;
        r.identifier = identifier;
        r.did = "did:plc:dryrun";
        r.handle = identifier;
        r.service = r.pds = service;
        r.access_jwt = r.refresh_jwt = "DRY_RUN_TOKEN";
        return r;
    }
    return session_from_answer(answer, service, identifier);
}

namespace {

// The account `call` names (--handle, else the vault's default).
std::string account_identifier(const sdk::Invocation& call) {
    const std::string identifier = identifier_of(call.get_or("handle", ""));
    return identifier.empty() ? call.host().vault_default() : identifier;
}

[[noreturn]] void not_authenticated(const std::string& identifier) {
    throw sdk::Error(AGORAS_ERR_AUTH, identifier.empty()
                                          ? "not authenticated: no Bluesky account in the vault. Run 'agoras bluesky "
                                            "authorize', or set BLUESKY_HANDLE and BLUESKY_APP_PASSWORD"
                                          : "no Bluesky session for " + identifier +
                                                " in the vault and no app password. Run 'agoras bluesky authorize', or "
                                                "set BLUESKY_APP_PASSWORD");
}

}  // namespace

void require_login(const sdk::Invocation& call) {
    if (call.flag("dry-run")) return;
    const std::string identifier = account_identifier(call);
    if (identifier.empty() || (call.get_or("app-password", "").empty() && !call.host().vault_get(identifier))) {
        not_authenticated(identifier);
    }
}

Session open_session(const sdk::Invocation& call, Xrpc& xrpc) {
    const sdk::Host& host = call.host();
    const std::string password = call.get_or("app-password", "");
    if (!password.empty()) host.register_secret(password);
    const std::string identifier = account_identifier(call);

    std::optional<SessionRecord> record;
    auto keeper = std::make_shared<SessionKeeper>(host, xrpc, identifier, password);
    if (!identifier.empty()) {
        if (!xrpc.dry_run()) {
            record = keeper->get();
        } else if (const auto stored = host.vault_get(identifier)) {
            record = SessionRecord::from_json(Json::parse(*stored), identifier);  // shown as is: no renewal
        }
    }
    if (!record) {
        if (identifier.empty() || password.empty()) {
            if (xrpc.dry_run()) {
                record = SessionRecord{identifier, "did:plc:dryrun", identifier.empty() ? "dry-run.invalid" : identifier,
                                       "", "", "ACCESS_JWT", "", ""};
                record->pds = trimmed_service(call.get_or("service", kDefaultService));
            } else {
                not_authenticated(identifier);
            }
        } else {
            // Unattended first run: log in, and keep the session so that later runs reuse it.
            record = create_session(xrpc, trimmed_service(call.get_or("service", kDefaultService)), identifier, password);
            if (!xrpc.dry_run()) {
                try {
                    host.vault_put(identifier, record->to_json().serialize());
                } catch (const sdk::Error& e) {
                    host.warn("could not keep the Bluesky session in the vault (" + std::string(e.what()) +
                              "); the next run logs in again");
                }
            }
        }
    }
    xrpc.set_service(record->pds);
    xrpc.set_token(record->access_jwt);
    if (!xrpc.dry_run()) {
        xrpc.on_expired([keeper, &xrpc](const std::string& expired) -> std::optional<std::string> {
            auto renewed = keeper->get(expired);
            if (!renewed || renewed->access_jwt == expired) return std::nullopt;
            xrpc.set_service(renewed->pds);
            return renewed->access_jwt;
        });
    }
    return Session{identifier, record->did, record->handle, record->pds};
}

}  // namespace agoras::bluesky
