#include "vault/vault.hpp"
#include "core/environment.hpp"

#include "status_error.hpp"
#include "core/crypto.hpp"
#include "vault/names.hpp"
#include "core/private_files.hpp"
#include "postgres/loader.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <sys/statvfs.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace agoras::host::vault {
namespace fs = std::filesystem;

namespace {

// Writers hold the lock for one small transaction (plugins refresh tokens outside it), so a wait this
// long means a stuck process, not a busy one.
constexpr int kBusyTimeoutMs = 60'000;
// The layout of the tables below; a vault of a newer version is refused, never written into.
// Version 2 added the `defaults` table (a default account per platform); a version 1 vault is read
// as it is and upgraded by its first write.
constexpr int kSchemaVersion = 2;

[[noreturn]] void fail(const std::string& message) { throw StatusError(AGORAS_ERR_STORAGE, message); }

std::int64_t now_seconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

core::crypto::Bytes blob_of(const SQLite::Column& column) {
    const auto* data = static_cast<const std::uint8_t*>(column.getBlob());
    return core::crypto::Bytes(data, data + column.getBytes());
}

std::string damaged_message(const fs::path& db, const std::string& detail) {
    return "the token vault " + db.string() + " is unreadable (" + detail +
           "). It was left untouched: restore it from a backup, or move it aside to start a new, empty vault";
}

// Holds SQLite's write lock from construction (BEGIN IMMEDIATE) until commit or destruction.
class WriteTransaction {
public:
    explicit WriteTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
    ~WriteTransaction() {
        if (!done_) {
            try {
                db_.exec("ROLLBACK");
            } catch (...) {
            }
        }
    }
    void commit() {
        db_.exec("COMMIT");
        done_ = true;
    }

private:
    SQLite::Database& db_;
    bool done_ = false;
};

bool on_read_only_file_system(const fs::path& path) {
    struct statvfs info {};
    return ::statvfs(path.c_str(), &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
}

// Reading a WAL database needs its shared-memory file (32 KiB), which a full disk cannot hold.
bool too_full_for_a_reader(const fs::path& database) {
    std::error_code ec;
    const auto shm_size = fs::file_size(database.string() + "-shm", ec);
    if (!ec && shm_size >= 32 * 1024) return false;  // a complete one from a reader before
    struct statvfs info {};
    return ::statvfs(database.parent_path().c_str(), &info) == 0 &&
           static_cast<unsigned long long>(info.f_bavail) * info.f_frsize < 256 * 1024;
}

// Runs `body`, turning SQLite failures into a clear storage error. A vault that cannot be written
// (a full disk, a read-only mount) is intact, and the message says so instead of calling it damaged.
template <typename Body>
auto guarded(const fs::path& db, Body&& body) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode() & 0xff;
        const int system_errno = code == SQLITE_IOERR || code == SQLITE_CANTOPEN ? errno : 0;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
            fail("the token vault " + db.string() + " stayed locked by another agoras process for over " +
                 std::to_string(kBusyTimeoutMs / 1000) + " s");
        }
        if (code == SQLITE_FULL || system_errno == ENOSPC || system_errno == EDQUOT) {
            fail("cannot write to the token vault " + db.string() +
                 ": the disk is full. Nothing was changed and the vault is intact; free some space and run again");
        }
        if (code == SQLITE_READONLY || system_errno == EROFS || on_read_only_file_system(db.parent_path())) {
            fail("cannot write to the token vault " + db.string() +
                 ": it is on a read-only file system (or the file is read-only). Nothing was changed and the vault is "
                 "intact; reading it still works");
        }
        fail(damaged_message(db, e.what()));
    }
}

// "file:" URI for SQLite, with the characters a URI gives meaning to escaped.
std::string sqlite_uri(const fs::path& path, const std::string& query) {
    std::string uri = "file:";
    for (char c : path.string()) {
        if (c == '%' || c == '?' || c == '#') {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
            uri += escaped;
        } else {
            uri += c;
        }
    }
    return uri + "?" + query;
}

}  // namespace

Vault::Vault(StoragePaths paths) : paths_(std::move(paths)) {}
Vault::~Vault() = default;

void Vault::load_key(bool create) {
    if (!key_.empty()) return;
    if (const auto env_key = core::env("AGORAS_VAULT_KEY")) {
        auto decoded = core::crypto::base64_decode(*env_key);
        if (!decoded || decoded->size() != core::crypto::kKeySize) {
            fail("AGORAS_VAULT_KEY must be the base64 encoding of 32 bytes (for example: openssl rand -base64 32)");
        }
        key_ = std::move(*decoded);
        return;
    }
    if (!fs::exists(paths_.key_file)) {
        if (!create) {
            fail("the vault key " + paths_.key_file.string() + " is missing, so the records in " +
                 paths_.database.string() + " cannot be decrypted. Restore the key file or set AGORAS_VAULT_KEY");
        }
        core::ensure_private_directory(paths_.base);
        core::create_private_file(paths_.key_file, core::crypto::base64_encode(core::crypto::random_bytes(core::crypto::kKeySize)) + "\n");
    }
    core::require_private(paths_.key_file);
    std::ifstream in(paths_.key_file);
    std::stringstream text;
    text << in.rdbuf();
    auto decoded = core::crypto::base64_decode(text.str());
    if (!in || !decoded || decoded->size() != core::crypto::kKeySize) {
        fail("the vault key " + paths_.key_file.string() + " is not valid (expected the base64 encoding of 32 bytes)");
    }
    key_ = std::move(*decoded);
}

void Vault::check_key(SQLite::Database& db) {
    SQLite::Statement query(db, "SELECT value FROM meta WHERE name = 'key_check'");
    if (query.executeStep()) {
        if (!core::crypto::open(key_, blob_of(query.getColumn(0)), kKeyCheckBinding)) {
            fail("the vault key does not match the token vault " + paths_.database.string() +
                 " (wrong key file or AGORAS_VAULT_KEY); nothing was changed");
        }
        return;
    }
    const auto check = core::crypto::seal(key_, kKeyCheckText, kKeyCheckBinding);
    SQLite::Statement insert(db, "INSERT OR IGNORE INTO meta(name, value) VALUES('key_check', ?)");
    insert.bind(1, check.data(), static_cast<int>(check.size()));
    insert.exec();
}

void Vault::create_schema(SQLite::Database& db) {
    WriteTransaction transaction(db);
    db.exec(
        "CREATE TABLE IF NOT EXISTS meta(name TEXT PRIMARY KEY, value BLOB NOT NULL);"
        "CREATE TABLE IF NOT EXISTS records("
        "  platform TEXT NOT NULL, identifier TEXT NOT NULL, sealed_fields BLOB NOT NULL,"
        "  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER,"
        "  PRIMARY KEY(platform, identifier));"
        "CREATE TABLE IF NOT EXISTS defaults(platform TEXT PRIMARY KEY, identifier TEXT NOT NULL);");
    SQLite::Statement version(db, "INSERT OR IGNORE INTO meta(name, value) VALUES('schema_version', ?)");
    version.bind(1, kSchemaVersion);
    version.exec();
    check_key(db);
    transaction.commit();
}

SQLite::Database* Vault::database(bool create) {
    if (db_ && create && !read_only_reason_.empty()) {
        fail("cannot write to the token vault " + paths_.database.string() + ": " + read_only_reason_ +
             ". Nothing was changed and the vault is intact");
    }
    if (db_) return db_.get();
    const bool exists = fs::exists(paths_.database);
    if (!exists && !create) return nullptr;
    if (!exists && memory_if_absent_) {
        key_ = core::crypto::random_bytes(core::crypto::kKeySize);  // never written anywhere
        db_ = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        create_schema(*db_);
        return db_.get();
    }
    if (exists) {
        core::require_private(paths_.tokens_dir);
        core::require_private(paths_.database);
    }
    const bool read_only_mount = exists && on_read_only_file_system(paths_.database);
    if (read_only_mount && create) {
        fail("cannot write to the token vault " + paths_.database.string() +
             ": it is on a read-only file system. Nothing was changed and the vault is intact; reading it still works");
    }
    // The key comes first: a vault that exists without its key must fail before anything is written.
    load_key(/*create=*/!exists);
    // Where nobody can write (a read-only mount, a full disk), SQLite may read the file as immutable,
    // without the shared-memory file it could not create.
    const bool read_only = read_only_mount || (exists && !create && too_full_for_a_reader(paths_.database));
    if (read_only) {
        read_only_reason_ = read_only_mount ? "it is on a read-only file system" : "the disk is full";
    }
    if (!read_only) core::ensure_private_directory(paths_.tokens_dir);
    core::require_private(paths_.base);
    core::require_private(paths_.tokens_dir);

    return guarded(paths_.database, [&] {
        core::PrivateUmask umask;  // the database, its WAL and its shared-memory file are born 0600
        auto db = read_only ? std::make_unique<SQLite::Database>(sqlite_uri(paths_.database, "immutable=1"),
                                                                 SQLite::OPEN_READONLY | SQLite::OPEN_URI)
                            : std::make_unique<SQLite::Database>(
                                  paths_.database.string(),
                                  SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0), kBusyTimeoutMs);
        if (exists) {
            // Read-only integrity check before anything (even the WAL switch) may write to the file.
            const std::string verdict = db->execAndGet("PRAGMA quick_check").getString();
            if (verdict != "ok") fail(damaged_message(paths_.database, verdict));
        }
        db->exec("PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;");
        const bool has_schema = exists && db->tableExists("records") && db->tableExists("meta");
        const bool has_tables = exists && db->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0;
        if (has_schema) {
            check_schema_version(*db);
            check_key(*db);  // read-only: an existing vault is opened without taking the write lock
        } else if (has_tables) {
            fail("the token vault " + paths_.database.string() +
                 " is an SQLite database, but not an agoras vault. It was left untouched");
        } else {
            db->exec("PRAGMA journal_mode=WAL");  // persistent: set once, when the vault is created
            create_schema(*db);
        }
        core::require_private(paths_.database);
        db_ = std::move(db);
        return db_.get();
    });
}

void Vault::check_schema_version(SQLite::Database& db) {
    SQLite::Statement query(db, "SELECT value FROM meta WHERE name = 'schema_version'");
    // Vaults made before the version was recorded have the version 1 layout.
    const int version = query.executeStep() ? query.getColumn(0).getInt() : 1;
    schema_version_ = version;
    if (version < 1 || version > kSchemaVersion) {
        fail("the token vault " + paths_.database.string() + " has schema version " + std::to_string(version) +
             ", which this agoras (schema version " + std::to_string(kSchemaVersion) +
             ") cannot use; it was left untouched. Use the agoras version that wrote it");
    }
}

std::vector<RecordInfo> Vault::list(const std::optional<std::string>& platform) {
    const std::lock_guard<std::mutex> lock(mutex_);  // one connection, one transaction at a time
    std::vector<RecordInfo> result;
    auto* db = database(false);
    if (db == nullptr) return result;
    return guarded(paths_.database, [&] {
        SQLite::Statement query(*db,
                                "SELECT platform, identifier, created_at, updated_at, expires_at FROM records "
                                "WHERE ?1 IS NULL OR platform = ?1 ORDER BY platform, identifier");
        if (platform) query.bind(1, *platform);
        while (query.executeStep()) {
            RecordInfo info{query.getColumn(0).getString(), query.getColumn(1).getString(),
                            query.getColumn(2).getInt64(), query.getColumn(3).getInt64(), std::nullopt};
            if (!query.getColumn(4).isNull()) info.expires_at = query.getColumn(4).getInt64();
            result.push_back(std::move(info));
        }
        return result;
    });
}

std::optional<Record> Vault::read(SQLite::Database& db, const std::string& platform, const std::string& identifier) {
    SQLite::Statement query(db,
                            "SELECT sealed_fields, created_at, updated_at, expires_at FROM records "
                            "WHERE platform = ? AND identifier = ?");
    query.bind(1, platform);
    query.bind(2, identifier);
    if (!query.executeStep()) return std::nullopt;
    const auto plaintext = core::crypto::open(key_, blob_of(query.getColumn(0)), record_binding(platform, identifier));
    if (!plaintext) {
        fail("the vault record " + platform + "/" + identifier +
             " failed its integrity check (altered, or copied from another record). It was left untouched; delete it "
             "with 'agoras utils tokens delete --platform " + platform + " --identifier " + identifier +
             "' and authorize again");
    }
    Record record{{platform, identifier, query.getColumn(1).getInt64(), query.getColumn(2).getInt64(), std::nullopt},
                  from_json(*plaintext)};
    if (!query.getColumn(3).isNull()) record.info.expires_at = query.getColumn(3).getInt64();
    return record;
}

void Vault::write(SQLite::Database& db, const std::string& platform, const std::string& identifier,
                  const Fields& fields, std::optional<std::int64_t> expires_at) {
    const auto sealed = core::crypto::seal(key_, to_json(fields), record_binding(platform, identifier));
    SQLite::Statement upsert(db,
                             "INSERT INTO records(platform, identifier, sealed_fields, created_at, updated_at, expires_at)"
                             " VALUES(?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT(platform, identifier) DO UPDATE SET"
                             " sealed_fields = excluded.sealed_fields, updated_at = excluded.updated_at,"
                             " expires_at = excluded.expires_at");
    upsert.bind(1, platform);
    upsert.bind(2, identifier);
    upsert.bind(3, sealed.data(), static_cast<int>(sealed.size()));
    upsert.bind(4, static_cast<int64_t>(now_seconds()));
    if (expires_at) upsert.bind(5, static_cast<int64_t>(*expires_at));
    upsert.exec();
}

// Called inside a write transaction: brings an older vault to the current layout.
void Vault::upgrade_schema(SQLite::Database& db) {
    if (schema_version_ >= kSchemaVersion) return;
    db.exec("CREATE TABLE IF NOT EXISTS defaults(platform TEXT PRIMARY KEY, identifier TEXT NOT NULL);"
            "INSERT OR REPLACE INTO meta(name, value) VALUES('schema_version', 2)");
    schema_version_ = kSchemaVersion;
}

std::optional<Record> Vault::get(const std::string& platform, const std::string& identifier) {
    const std::lock_guard<std::mutex> lock(mutex_);  // one connection, one transaction at a time
    validate_platform(platform);
    validate_identifier(identifier);
    auto* db = database(false);
    if (db == nullptr) return std::nullopt;
    return guarded(paths_.database, [&]() -> std::optional<Record> {
        auto record = read(*db, platform, identifier);
        // "default" names the platform's default account unless a record is stored under that name.
        if (!record && identifier == kDefaultAlias) {
            const std::string target = read_default(*db, platform);
            if (!target.empty()) record = read(*db, platform, target);
        }
        return record;
    });
}

std::string Vault::read_default(SQLite::Database& db, const std::string& platform) {
    if (schema_version_ < 2) return "";
    SQLite::Statement query(db, "SELECT identifier FROM defaults WHERE platform = ?");
    query.bind(1, platform);
    return query.executeStep() ? query.getColumn(0).getString() : "";
}

std::string Vault::get_default(const std::string& platform) {
    const std::lock_guard<std::mutex> lock(mutex_);  // one connection, one transaction at a time
    validate_platform(platform);
    auto* db = database(false);
    if (db == nullptr) return "";
    return guarded(paths_.database, [&] { return read_default(*db, platform); });
}

void Vault::set_default(const std::string& platform, const std::string& identifier) {
    const std::lock_guard<std::mutex> lock(mutex_);  // one connection, one transaction at a time
    validate_platform(platform);
    validate_identifier(identifier);
    if (identifier == kDefaultAlias) throw usage_error("the default account cannot be the alias 'default' itself");
    auto* db = database(false);
    if (db == nullptr) fail("cannot make " + platform + "/" + identifier + " the default account: the vault is empty");
    guarded(paths_.database, [&] {
        WriteTransaction transaction(*db);
        if (!read(*db, platform, identifier)) {
            fail("cannot make " + platform + "/" + identifier + " the default account: no such record");
        }
        upgrade_schema(*db);
        SQLite::Statement upsert(*db, "INSERT OR REPLACE INTO defaults(platform, identifier) VALUES(?, ?)");
        upsert.bind(1, platform);
        upsert.bind(2, identifier);
        upsert.exec();
        transaction.commit();
    });
}

std::optional<Record> Vault::update(const std::string& platform, const std::string& identifier,
                                    const UpdateFunction& change, std::optional<std::int64_t> expires_at) {
    const std::lock_guard<std::mutex> lock(mutex_);  // one connection, one transaction at a time
    validate_platform(platform);
    validate_identifier(identifier);
    if (!fs::exists(paths_.database)) {
        // Nothing is created until something is written: a change that keeps "no record" (a check
        // made before a long authorization, say) only checks that the vault could be created.
        const auto fields = change(std::nullopt);
        if (!fields) {
            core::require_creatable(paths_.tokens_dir);
            return std::nullopt;
        }
        auto* db = database(true);
        return guarded(paths_.database, [&]() -> std::optional<Record> {
            WriteTransaction transaction(*db);
            upgrade_schema(*db);
            const bool keep = expires_at && *expires_at == kKeepExpiry;
            write(*db, platform, identifier, *fields, keep ? std::nullopt : expires_at);
            transaction.commit();
            return read(*db, platform, identifier);
        });
    }
    auto* db = database(true);
    return guarded(paths_.database, [&]() -> std::optional<Record> {
        WriteTransaction transaction(*db);
        // Only the sealed fields are read for the update; a damaged current record is reported, not replaced.
        auto current = read(*db, platform, identifier);
        const auto fields = change(current);
        if (!fields) return current;
        upgrade_schema(*db);
        const bool keep = expires_at && *expires_at == kKeepExpiry;
        write(*db, platform, identifier, *fields, keep ? (current ? current->info.expires_at : std::nullopt) : expires_at);
        transaction.commit();
        return read(*db, platform, identifier);
    });
}

bool Vault::remove(const std::string& platform, const std::string& identifier) {
    const std::lock_guard<std::mutex> lock(mutex_);  // one connection, one transaction at a time
    validate_platform(platform);
    validate_identifier(identifier);
    auto* db = database(false);
    if (db == nullptr) return false;
    return guarded(paths_.database, [&] {
        WriteTransaction transaction(*db);
        SQLite::Statement erase(*db, "DELETE FROM records WHERE platform = ? AND identifier = ?");
        erase.bind(1, platform);
        erase.bind(2, identifier);
        const bool existed = erase.exec() > 0;
        if (existed && schema_version_ >= 2) {
            // A default account that is deleted is the default no more.
            SQLite::Statement unset(*db, "DELETE FROM defaults WHERE platform = ? AND identifier = ?");
            unset.bind(1, platform);
            unset.bind(2, identifier);
            unset.exec();
        }
        transaction.commit();
        return existed;
    });
}

Vault& local_vault() {
    static Vault vault(default_storage_paths());
    return vault;
}

VaultStore& process_vault() {
    static VaultStore* const store = []() -> VaultStore* {
        if (const auto url = core::env("AGORAS_VAULT_URL")) return postgres::open_postgres_vault(*url).release();
        return &local_vault();
    }();
    return *store;
}

}  // namespace agoras::host::vault
