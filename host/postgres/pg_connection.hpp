// One libpq connection, as agoras uses PostgreSQL: a URL checked before use (a malformed one is exit 2),
// TLS verified for any host that is not this machine, every wait bounded, parameters always passed
// apart from the SQL, and the URL's password kept out of every message. Failures are exit 8.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;

namespace agoras::host::postgres {

using Row = std::vector<std::optional<std::string>>;

struct Result {
    std::vector<Row> rows;
    long affected = 0;  // rows an INSERT, UPDATE or DELETE touched
};

class Connection {
public:
    // `variable` names where the URL came from, for messages (AGORAS_STATE_URL).
    Connection(const std::string& url, const std::string& variable);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Result exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
    // Runs `body` in a transaction (committed when it returns, rolled back when it throws), holding
    // the connection: calls from other threads wait.
    void transaction(const std::function<void()>& body);
    // The same, without a transaction: one statement at a time from any thread.
    std::unique_lock<std::recursive_mutex> hold() { return std::unique_lock<std::recursive_mutex>(mutex_); }

    // "PostgreSQL at host:port/db" without the password.
    const std::string& description() const { return description_; }

private:
    [[noreturn]] void fail(const std::string& what) const;

    // Finished by its deleter, also when the constructor throws after connecting.
    std::unique_ptr<pg_conn, void (*)(pg_conn*)> conn_{nullptr, nullptr};
    std::string description_, password_;
    std::recursive_mutex mutex_;
};

// A column as text ("" for NULL) and as a whole number (0 for NULL).
inline std::string text(const std::optional<std::string>& value) { return value.value_or(""); }
inline std::int64_t number(const std::optional<std::string>& value) { return value ? std::stoll(*value) : 0; }

// A URL's password ("" when none), so that messages can leave it out.
std::string password_of(const std::string& url);
// `text` with every occurrence of `secret` replaced by ***.
std::string without(std::string text, const std::string& secret);

// Bytes as PostgreSQL's hex bytea text ("\x..."), and back.
std::string to_bytea_hex(const std::string& bytes);
std::string from_bytea_hex(const std::string& text);

}  // namespace agoras::host::postgres
