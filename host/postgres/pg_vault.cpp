#include "postgres/pg_vault.hpp"

#include "core/crypto.hpp"
#include "core/environment.hpp"
#include "state/store.hpp"
#include "status_error.hpp"
#include "vault/names.hpp"

namespace agoras::host::postgres {
namespace {

constexpr int kSchemaVersion = 1;
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(424202)";

[[noreturn]] void fail(const std::string& message) { throw StatusError(AGORAS_ERR_STORAGE, message); }

std::vector<std::uint8_t> key_from_environment() {
    const auto text = core::env("AGORAS_VAULT_KEY");
    if (!text) fail("AGORAS_VAULT_URL needs AGORAS_VAULT_KEY (the same key on every machine; it never enters the database)");
    auto decoded = core::crypto::base64_decode(*text);
    if (!decoded || decoded->size() != core::crypto::kKeySize) {
        fail("AGORAS_VAULT_KEY must be the base64 encoding of 32 bytes (for example: openssl rand -base64 32)");
    }
    return std::move(*decoded);
}

std::string as_bytea(const core::crypto::Bytes& bytes) { return to_bytea_hex(std::string(bytes.begin(), bytes.end())); }
core::crypto::Bytes from_bytea(const std::optional<std::string>& text) {
    const std::string bytes = from_bytea_hex(text.value_or(""));
    return core::crypto::Bytes(bytes.begin(), bytes.end());
}

}  // namespace

PgVault::PgVault(const std::string& url) : key_(key_from_environment()), db_(url, "AGORAS_VAULT_URL") {
    // Made once, by the first run that finds no tables.
    const bool made = db_.exec("SELECT to_regclass('agoras_vault_defaults') IS NOT NULL").rows.at(0).at(0) == "t";
    db_.transaction([&] {
        if (!made) db_.exec(kSchemaLock);
        if (!made) db_.exec("CREATE TABLE IF NOT EXISTS agoras_vault_meta(name TEXT PRIMARY KEY, value BYTEA NOT NULL)");
        if (!made) db_.exec("CREATE TABLE IF NOT EXISTS agoras_vault(platform TEXT NOT NULL, identifier TEXT NOT NULL,"
                 " sealed_fields BYTEA NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, expires_at BIGINT,"
                 " PRIMARY KEY(platform, identifier))");
        if (!made) db_.exec("CREATE TABLE IF NOT EXISTS agoras_vault_defaults(platform TEXT PRIMARY KEY, identifier TEXT NOT NULL)");
        if (!made) {
            db_.exec("INSERT INTO agoras_vault_meta(name, value) VALUES('schema_version', convert_to($1, 'UTF8')) "
                     "ON CONFLICT DO NOTHING",
                     {std::to_string(kSchemaVersion)});
        }
        const auto version = db_.exec("SELECT convert_from(value, 'UTF8') FROM agoras_vault_meta WHERE name = 'schema_version'");
        if (version.rows.at(0).at(0) != std::to_string(kSchemaVersion)) {
            fail(db_.description() + " holds an agoras vault of schema version " + version.rows.at(0).at(0).value_or("?") +
                 ", which this agoras cannot use; it was left untouched");
        }
        const auto check = db_.exec("SELECT value FROM agoras_vault_meta WHERE name = 'key_check'");
        if (check.rows.empty()) {
            db_.exec("INSERT INTO agoras_vault_meta(name, value) VALUES('key_check', $1::bytea)",
                     {as_bytea(core::crypto::seal(key_, vault::kKeyCheckText, vault::kKeyCheckBinding))});
        } else if (!core::crypto::open(key_, from_bytea(check.rows[0][0]), vault::kKeyCheckBinding)) {
            fail("AGORAS_VAULT_KEY does not match the vault in " + db_.description() + "; nothing was changed");
        }
    });
}

std::vector<vault::RecordInfo> PgVault::list(const std::optional<std::string>& platform) {
    std::vector<vault::RecordInfo> result;
    const auto rows = db_.exec("SELECT platform, identifier, created_at, updated_at, expires_at FROM agoras_vault "
                               "WHERE $1::text IS NULL OR platform = $1 ORDER BY platform, identifier",
                               {platform});
    for (const auto& row : rows.rows) {
        vault::RecordInfo info{text(row[0]), text(row[1]), number(row[2]), number(row[3]), std::nullopt};
        if (row[4]) info.expires_at = number(row[4]);
        result.push_back(std::move(info));
    }
    return result;
}

std::optional<vault::Record> PgVault::read(const std::string& platform, const std::string& identifier) {
    const auto found = db_.exec("SELECT sealed_fields, created_at, updated_at, expires_at FROM agoras_vault "
                                "WHERE platform = $1 AND identifier = $2",
                                {platform, identifier});
    if (found.rows.empty()) return std::nullopt;
    const auto& row = found.rows[0];
    const auto plaintext = core::crypto::open(key_, from_bytea(row[0]), vault::record_binding(platform, identifier));
    if (!plaintext) {
        fail("the vault record " + platform + "/" + identifier + " in " + db_.description() +
             " failed its integrity check (altered, or copied from another record). It was left untouched");
    }
    vault::Record record{{platform, identifier, number(row[1]), number(row[2]), std::nullopt}, vault::from_json(*plaintext)};
    if (row[3]) record.info.expires_at = number(row[3]);
    return record;
}

std::string PgVault::read_default(const std::string& platform) {
    const auto found = db_.exec("SELECT identifier FROM agoras_vault_defaults WHERE platform = $1", {platform});
    return found.rows.empty() ? "" : found.rows[0][0].value_or("");
}

std::optional<vault::Record> PgVault::get(const std::string& platform, const std::string& identifier) {
    vault::validate_platform(platform);
    vault::validate_identifier(identifier);
    const auto lock = db_.hold();
    auto record = read(platform, identifier);
    if (!record && identifier == vault::kDefaultAlias) {
        const std::string target = read_default(platform);
        if (!target.empty()) record = read(platform, target);
    }
    return record;
}

std::string PgVault::get_default(const std::string& platform) {
    vault::validate_platform(platform);
    return read_default(platform);
}

void PgVault::set_default(const std::string& platform, const std::string& identifier) {
    vault::validate_platform(platform);
    vault::validate_identifier(identifier);
    if (identifier == vault::kDefaultAlias) throw usage_error("the default account cannot be the alias 'default' itself");
    db_.transaction([&] {
        if (!read(platform, identifier)) fail("cannot make " + platform + "/" + identifier + " the default account: no such record");
        db_.exec("INSERT INTO agoras_vault_defaults(platform, identifier) VALUES($1, $2) "
                 "ON CONFLICT(platform) DO UPDATE SET identifier = EXCLUDED.identifier",
                 {platform, identifier});
    });
}

std::optional<vault::Record> PgVault::update(const std::string& platform, const std::string& identifier,
                                             const vault::UpdateFunction& change, std::optional<std::int64_t> expires_at) {
    vault::validate_platform(platform);
    vault::validate_identifier(identifier);
    std::optional<vault::Record> result;
    db_.transaction([&] {
        // Per record, across machines; released by COMMIT or ROLLBACK (never leaked to a pooled session).
        db_.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", {"agoras.vault:" + platform + "\n" + identifier});
        auto current = read(platform, identifier);
        const auto fields = change(current);
        if (!fields) {
            result = std::move(current);
            return;
        }
        const bool keep = expires_at && *expires_at == vault::kKeepExpiry;
        std::optional<std::string> expiry;  // NULL: none
        if (keep && current && current->info.expires_at) expiry = std::to_string(*current->info.expires_at);
        if (!keep && expires_at) expiry = std::to_string(*expires_at);
        const auto sealed = core::crypto::seal(key_, vault::to_json(*fields), vault::record_binding(platform, identifier));
        db_.exec("INSERT INTO agoras_vault(platform, identifier, sealed_fields, created_at, updated_at, expires_at) "
                 "VALUES($1, $2, $3::bytea, $4, $4, $5) ON CONFLICT(platform, identifier) DO UPDATE SET "
                 "sealed_fields = EXCLUDED.sealed_fields, updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at",
                 {platform, identifier, as_bytea(sealed), std::to_string(state::now_seconds()), expiry});
        result = read(platform, identifier);
    });
    return result;
}

bool PgVault::remove(const std::string& platform, const std::string& identifier) {
    vault::validate_platform(platform);
    vault::validate_identifier(identifier);
    bool existed = false;
    db_.transaction([&] {
        existed = db_.exec("DELETE FROM agoras_vault WHERE platform = $1 AND identifier = $2", {platform, identifier}).affected > 0;
        if (existed) {
            db_.exec("DELETE FROM agoras_vault_defaults WHERE platform = $1 AND identifier = $2", {platform, identifier});
        }
    });
    return existed;
}

}  // namespace agoras::host::postgres
