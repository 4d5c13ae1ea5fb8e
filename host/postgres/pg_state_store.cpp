#include "postgres/pg_state_store.hpp"

#include "status_error.hpp"

namespace agoras::host::postgres {
namespace {

constexpr int kSchemaVersion = 2;  // the SQLite store's, whose tables these are
// Schema changes by concurrent first runs take turns under this advisory lock.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(424201)";
constexpr const char* kNowMs = "(extract(epoch from clock_timestamp()) * 1000)::bigint";
constexpr const char* kColumns = "key, target, status, remote_id, url, error, updated_at, checkpoint, owner, lease_until";


state::JournalEntry entry_of(const Row& row) {
    return {text(row[0]), text(row[1]), text(row[2]), text(row[3]), text(row[4]),
            text(row[5]), number(row[6]), text(row[7]), text(row[8]), number(row[9])};
}

std::string now_s() { return std::to_string(state::now_seconds()); }

}  // namespace

PgStateStore::PgStateStore(const std::string& url) : db_(url, "AGORAS_STATE_URL") {
    int version = 0;
    // Made once, by the first run that finds no tables; every later run reads one row.
    // The newest table tells whether a run of this version made them.
    if (text(db_.exec("SELECT to_regclass('agoras_backoff') IS NOT NULL").rows.at(0).at(0)) == "t") {
        const auto existing = db_.exec("SELECT value FROM agoras_meta WHERE name = 'schema_version'");
        if (!existing.rows.empty()) version = std::stoi(text(existing.rows[0][0]));
    }
    if (version == 0) db_.transaction([&] {
        db_.exec(kSchemaLock);
        db_.exec("CREATE TABLE IF NOT EXISTS agoras_meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)");
        db_.exec("CREATE TABLE IF NOT EXISTS agoras_journal(key TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,"
                 " remote_id TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',"
                 " updated_at BIGINT NOT NULL, checkpoint TEXT NOT NULL DEFAULT '{}', owner TEXT NOT NULL DEFAULT '',"
                 " lease_until BIGINT NOT NULL DEFAULT 0, PRIMARY KEY(key, target))");
        db_.exec("CREATE TABLE IF NOT EXISTS agoras_journal_keys(key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,"
                 " created_at BIGINT NOT NULL)");
        db_.exec("CREATE TABLE IF NOT EXISTS agoras_backoff(platform TEXT NOT NULL, account TEXT NOT NULL,"
                 " until_ms BIGINT NOT NULL, PRIMARY KEY(platform, account))");
        db_.exec("CREATE TABLE IF NOT EXISTS agoras_feeds(url TEXT PRIMARY KEY, etag TEXT NOT NULL DEFAULT '',"
                 " last_modified TEXT NOT NULL DEFAULT '', body BYTEA NOT NULL, fetched_at BIGINT NOT NULL)");
        db_.exec("INSERT INTO agoras_meta(name, value) VALUES('schema_version', $1) ON CONFLICT DO NOTHING",
                 {std::to_string(kSchemaVersion)});
        version = std::stoi(text(db_.exec("SELECT value FROM agoras_meta WHERE name = 'schema_version'").rows.at(0).at(0)));
    });
    if (version != kSchemaVersion) {
        throw StatusError(AGORAS_ERR_STORAGE, db_.description() + " holds agoras state of schema version " +
                                                  std::to_string(version) + ", which this agoras (schema version " +
                                                  std::to_string(kSchemaVersion) + ") cannot use; it was left untouched");
    }
}

std::optional<state::JournalEntry> PgStateStore::journal_get(const std::string& key, const std::string& target) {
    const auto found =
        db_.exec(std::string("SELECT ") + kColumns + " FROM agoras_journal WHERE key = $1 AND target = $2", {key, target});
    if (found.rows.empty()) return std::nullopt;
    return entry_of(found.rows[0]);
}

std::set<std::string> PgStateStore::journal_published(const std::vector<std::string>& keys,
                                                      const std::vector<std::string>& targets) {
    if (keys.empty() || targets.empty()) return {};
    // The lists as PostgreSQL arrays: one parameter each, whatever their length.
    const auto array_of = [](const std::vector<std::string>& items) {
        std::string text = "{";
        for (const auto& item : items) {
            text += text.size() > 1 ? ",\"" : "\"";
            for (const char c : item) {
                if (c == '"' || c == '\\') text += '\\';
                text += c;
            }
            text += '"';
        }
        return text + "}";
    };
    const auto distinct = std::set<std::string>(targets.begin(), targets.end()).size();
    std::set<std::string> published;
    for (const auto& row : db_.exec("SELECT key FROM agoras_journal WHERE status = 'published' AND key = ANY($1::text[]) "
                                    "AND target = ANY($2::text[]) GROUP BY key HAVING COUNT(DISTINCT target) = $3",
                                    {array_of(keys), array_of(targets), std::to_string(distinct)})
                             .rows) {
        published.insert(row[0].value_or(""));
    }
    return published;
}

std::vector<state::JournalEntry> PgStateStore::journal_list(const std::string& key, const std::vector<std::string>& statuses) {
    std::string sql = std::string("SELECT ") + kColumns + " FROM agoras_journal WHERE ($1 = '' OR key = $1)";
    std::vector<std::optional<std::string>> params = {key};
    if (!statuses.empty()) {
        sql += " AND status IN (";
        for (std::size_t i = 0; i < statuses.size(); ++i) {
            sql += (i == 0 ? "$" : ", $") + std::to_string(i + 2);
            params.emplace_back(statuses[i]);
        }
        sql += ")";
    }
    std::vector<state::JournalEntry> entries;
    for (const auto& row : db_.exec(sql + " ORDER BY updated_at DESC, key, target", params).rows) entries.push_back(entry_of(row));
    return entries;
}

std::optional<std::int64_t> PgStateStore::bind_key(const std::string& key, const std::string& fingerprint) {
    db_.exec("INSERT INTO agoras_journal_keys(key, fingerprint, created_at) VALUES($1, $2, $3) ON CONFLICT DO NOTHING",
             {key, fingerprint, now_s()});
    const auto row = db_.exec("SELECT fingerprint, created_at FROM agoras_journal_keys WHERE key = $1", {key}).rows.at(0);
    if (text(row[0]) == fingerprint) return std::nullopt;
    return number(row[1]);
}

// The row, locked until the transaction ends; a row another claimer is inserting right now is waited for.
std::optional<state::JournalEntry> PgStateStore::locked_row(const std::string& key, const std::string& target) {
    const std::string select = std::string("SELECT ") + kColumns + " FROM agoras_journal WHERE key = $1 AND target = $2 FOR UPDATE";
    auto found = db_.exec(select, {key, target});
    if (!found.rows.empty()) return entry_of(found.rows[0]);
    return std::nullopt;
}

state::Claim PgStateStore::claim(const std::string& key, const std::string& target, const std::string& owner,
                                 std::int64_t lease_ms) {
    state::Claim claim;
    db_.transaction([&] {
        // A placeholder row first, so that two claimers of a new target meet on one row lock.
        const auto inserted = db_.exec(std::string("INSERT INTO agoras_journal(key, target, status, updated_at, owner, lease_until) "
                                                   "VALUES($1, $2, 'pending', $3, $4, ") + kNowMs + " + $5) "
                                                   "ON CONFLICT DO NOTHING RETURNING " + kNowMs,
                                       {key, target, now_s(), owner, std::to_string(lease_ms)});
        if (!inserted.rows.empty()) {
            claim = state::decide_claim(std::nullopt, key, target, owner, number(inserted.rows[0][0]), lease_ms, state::now_seconds());
            return;
        }
        const auto row = locked_row(key, target);
        const std::int64_t now_ms = number(db_.exec(std::string("SELECT ") + kNowMs).rows.at(0).at(0));
        claim = state::decide_claim(row, key, target, owner, now_ms, lease_ms, state::now_seconds());
        if (!claim.won) return;
        db_.exec("UPDATE agoras_journal SET status = 'pending', error = '', updated_at = $3, owner = $4, lease_until = $5 "
                 "WHERE key = $1 AND target = $2",
                 {key, target, std::to_string(claim.entry.updated_at), owner, std::to_string(claim.entry.lease_until_ms)});
    });
    return claim;
}

bool PgStateStore::renew(const std::string& key, const std::string& target, const std::string& owner, std::int64_t lease_ms) {
    return db_.exec(std::string("UPDATE agoras_journal SET lease_until = ") + kNowMs +
                        " + $4 WHERE key = $1 AND target = $2 AND owner = $3 AND status = 'pending'",
                    {key, target, owner, std::to_string(lease_ms)})
               .affected == 1;
}

void PgStateStore::checkpoint(const std::string& key, const std::string& target, const std::string& owner,
                              const std::string& checkpoint) {
    db_.exec("UPDATE agoras_journal SET checkpoint = $4, updated_at = $5 WHERE key = $1 AND target = $2 AND owner = $3 "
             "AND status = 'pending'",
             {key, target, owner, checkpoint, now_s()});
}

bool PgStateStore::finish(const state::JournalEntry& outcome, const std::string& owner) {
    const bool published = outcome.status == "published";
    std::vector<std::optional<std::string>> params = {outcome.key, outcome.target, outcome.status, outcome.remote_id,
                                                      outcome.url, outcome.error, now_s()};
    if (!published) params.emplace_back(owner);
    return db_.exec(std::string("UPDATE agoras_journal SET status = $3, remote_id = $4, url = $5, error = $6, updated_at = $7, "
                                "owner = '', lease_until = 0 WHERE key = $1 AND target = $2 AND ") +
                        (published ? "status <> 'published'" : "status = 'pending' AND owner = $8"),
                    params)
               .affected == 1;
}

void PgStateStore::resolve(const std::string& key, const std::string& target, bool published, const std::string& id,
                           const std::string& url) {
    db_.transaction([&] {
        const auto row = locked_row(key, target);
        const std::int64_t now_ms = number(db_.exec(std::string("SELECT ") + kNowMs).rows.at(0).at(0));
        const std::string status = row ? row->status : "";
        if (const std::string refusal =
                state::resolve_refusal(key, target, status, status == "pending" && row->lease_until_ms > now_ms);
            !refusal.empty()) {
            throw usage_error(refusal);
        }
        db_.exec("UPDATE agoras_journal SET status = $3, remote_id = $4, url = $5, error = $6, updated_at = $7, owner = '', "
                 "lease_until = 0 WHERE key = $1 AND target = $2",
                 {key, target, published ? "published" : "failed", id, url,
                  published ? "" : "settled by hand as not published", now_s()});
    });
}

std::int64_t PgStateStore::backoff_get(const std::string& platform, const std::string& account) {
    const auto found = db_.exec("SELECT until_ms FROM agoras_backoff WHERE platform = $1 AND account = $2", {platform, account});
    return found.rows.empty() ? 0 : number(found.rows[0][0]);
}

void PgStateStore::backoff_put(const std::string& platform, const std::string& account, std::int64_t until_ms) {
    db_.exec("INSERT INTO agoras_backoff(platform, account, until_ms) VALUES($1, $2, $3) ON CONFLICT(platform, account) "
             "DO UPDATE SET until_ms = GREATEST(agoras_backoff.until_ms, EXCLUDED.until_ms)",
             {platform, account, std::to_string(until_ms)});
}

std::optional<state::FeedCache> PgStateStore::feed_cache_get(const std::string& url) {
    const auto found = db_.exec("SELECT etag, last_modified, body, fetched_at FROM agoras_feeds WHERE url = $1", {url});
    if (found.rows.empty()) return std::nullopt;
    const Row& row = found.rows[0];
    return state::FeedCache{url, text(row[0]), text(row[1]), from_bytea_hex(text(row[2])), number(row[3])};
}

void PgStateStore::feed_cache_put(const state::FeedCache& entry) {
    db_.exec("INSERT INTO agoras_feeds(url, etag, last_modified, body, fetched_at) VALUES($1, $2, $3, $4::bytea, $5) "
             "ON CONFLICT(url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, "
             "body = EXCLUDED.body, fetched_at = EXCLUDED.fetched_at",
             {entry.url, entry.etag, entry.last_modified, to_bytea_hex(entry.body),
              std::to_string(entry.fetched_at != 0 ? entry.fetched_at : state::now_seconds())});
}

}  // namespace agoras::host::postgres
