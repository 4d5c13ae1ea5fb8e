#include "postgres/pg_connection.hpp"

#include "status_error.hpp"

#include <libpq-fe.h>

#include <filesystem>
#include <memory>

namespace agoras::host::postgres {
namespace {

constexpr const char* kSystemCertificates = "/etc/ssl/certs/ca-certificates.crt";
constexpr int kOldestServer = 110000;  // PostgreSQL 11

bool is_local_host(const std::string& host) {
    return host.empty() || host[0] == '/' || host == "localhost" || host == "127.0.0.1" || host == "::1";
}

using Options = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

std::string option(const Options& options, const std::string& name) {
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
        if (name == o->keyword && o->val != nullptr) return o->val;
    }
    return "";
}

}  // namespace

std::string password_of(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return "";
    const auto at = url.find('@', scheme + 3);
    const auto slash = url.find('/', scheme + 3);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return "";
    const auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return "";
    return url.substr(colon + 1, at - colon - 1);
}

std::string without(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) text.replace(at, secret.size(), "***");
    return text;
}

std::string to_bytea_hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out = "\\x";
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string from_bytea_hex(const std::string& text) {
    const auto value = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::string out;
    for (std::size_t i = 2; i + 1 < text.size(); i += 2) out += static_cast<char>(value(text[i]) * 16 + value(text[i + 1]));
    return out;
}

Connection::Connection(const std::string& url, const std::string& variable) : password_(password_of(url)) {
    if (url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
        throw usage_error(variable + " must be a postgresql:// URL");
    }
    char* parse_error = nullptr;
    Options options(PQconninfoParse(url.c_str(), &parse_error), &PQconninfoFree);
    if (!options) {
        const std::string why = parse_error != nullptr ? parse_error : "unreadable";
        PQfreemem(parse_error);
        throw usage_error(variable + " is not a URL PostgreSQL can use: " + without(why, password_));
    }
    const std::string host = option(options, "host"), port = option(options, "port"), db = option(options, "dbname");
    description_ = "PostgreSQL at " + (host.empty() ? std::string("the local socket") : host) +
                   (port.empty() ? "" : ":" + port) + (db.empty() ? "" : "/" + db);
    // Later keywords override the URL's: each is added only when the URL leaves it unset.
    std::vector<std::pair<std::string, std::string>> extra = {{"dbname", url}};
    if (option(options, "connect_timeout").empty()) extra.emplace_back("connect_timeout", "10");
    if (option(options, "application_name").empty()) extra.emplace_back("application_name", "agoras");
    // libpq's default (prefer) encrypts without checking who answers: another machine must prove it.
    if (!is_local_host(host) && option(options, "sslmode").empty()) {
        extra.emplace_back("sslmode", "verify-full");
        std::error_code ec;
        const char* home = std::getenv("HOME");
        const bool own_root = home != nullptr && std::filesystem::exists(std::filesystem::path(home) / ".postgresql" / "root.crt", ec);
        if (option(options, "sslrootcert").empty() && !own_root && std::filesystem::exists(kSystemCertificates, ec)) {
            extra.emplace_back("sslrootcert", kSystemCertificates);
        }
    }
    std::vector<const char*> keywords, values;
    for (const auto& [k, v] : extra) {
        keywords.push_back(k.c_str());
        values.push_back(v.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = std::unique_ptr<pg_conn, void (*)(pg_conn*)>(PQconnectdbParams(keywords.data(), values.data(), 1), &PQfinish);
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) fail("cannot be reached");
    // The server's notices ("relation already exists, skipping") are not the user's business.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
    if (PQserverVersion(conn_.get()) < kOldestServer) {
        throw StatusError(AGORAS_ERR_STORAGE, description_ + " runs PostgreSQL " + std::to_string(PQserverVersion(conn_.get())) +
                                                  ", older than the 11 agoras needs");
    }
    // No statement or lock waits for ever (a stuck runner holding a row, a server that stopped answering).
    exec("SET lock_timeout = '30s'");
    exec("SET statement_timeout = '60s'");
    exec("SET idle_in_transaction_session_timeout = '120s'");
}

Connection::~Connection() = default;

void Connection::fail(const std::string& what) const {
    std::string why = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw StatusError(AGORAS_ERR_STORAGE, description_ + " " + what + ": " + without(why, password_));
}

Result Connection::exec(const std::string& sql, const std::vector<std::optional<std::string>>& params) {
    const auto lock = hold();
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0), &PQclear);
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("refused a statement");
    Result out;
    const char* affected = PQcmdTuples(result.get());
    out.affected = affected != nullptr && *affected != '\0' ? std::atol(affected) : 0;
    for (int r = 0; r < PQntuples(result.get()); ++r) {
        Row row;
        for (int c = 0; c < PQnfields(result.get()); ++c) {
            if (PQgetisnull(result.get(), r, c)) row.emplace_back(std::nullopt);
            else row.emplace_back(std::string(PQgetvalue(result.get(), r, c), static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

void Connection::transaction(const std::function<void()>& body) {
    const auto lock = hold();
    exec("BEGIN");
    try {
        body();
    } catch (...) {
        if (PQtransactionStatus(conn_.get()) != PQTRANS_UNKNOWN) PQclear(PQexec(conn_.get(), "ROLLBACK"));
        throw;
    }
    exec("COMMIT");
}

}  // namespace agoras::host::postgres
