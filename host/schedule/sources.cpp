#include "schedule/sources.hpp"

#include "core/environment.hpp"
#include "core/replace_file.hpp"
#include "schedule/csv.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>
#include <agoras/sdk/url.hpp>

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

namespace agoras::host::schedule {
namespace {

constexpr const char* kSheetsScope = "https://www.googleapis.com/auth/spreadsheets";

// The largest schedule file read, as for feeds: it is read a row at a time, but each run reads it whole (and
// twice more for each state written back).
constexpr std::uintmax_t kMaxCsvBytes = 256u << 20;

// The schedule file, open for reading; a usage error when it is no regular file, cannot be read, or is too large.
std::ifstream open_schedule(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || !std::filesystem::is_regular_file(path, ec)) throw usage_error("cannot read the schedule file " + path.string());
    if (std::filesystem::file_size(path, ec) > kMaxCsvBytes) {
        throw usage_error("the schedule file " + path.string() + " is larger than 256 MiB; split it");
    }
    return in;
}

// Every row of the file, in order, with its bytes as they are (CsvReader::raw); stops early when `each` says so.
void for_each_csv_row(const std::filesystem::path& path, const std::function<bool(std::size_t, CsvRow&, const std::string&)>& each) {
    std::ifstream in = open_schedule(path);
    CsvReader reader(in);
    CsvRow row;
    for (std::size_t i = 0; reader.next(row); ++i) {
        if (!each(i, row, reader.raw())) return;
    }
}

// Whether two rows post the same thing at the same time (columns A-H; the state may differ).
bool same_post(const Row& a, const Row& b) {
    for (std::size_t c = 0; c <= kHour; ++c) {
        if (cell(a, c) != cell(b, c)) return false;
    }
    return true;
}

// An exclusive lock on the schedule's directory while its file is read and replaced, so that runs
// side by side (and their renames) never undo each other's write-back. Bounded: 30 s.
class DirectoryLock {
public:
    explicit DirectoryLock(const std::filesystem::path& directory)
        : fd_(::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (fd_ < 0) throw StatusError(AGORAS_ERR_GENERIC, "cannot open " + directory.string() + ": " + std::strerror(errno));
        for (int waited_ms = 0; ::flock(fd_, LOCK_EX | LOCK_NB) != 0; waited_ms += 50) {
            if (errno != EWOULDBLOCK || waited_ms >= 30'000) {
                ::close(fd_);
                throw StatusError(AGORAS_ERR_GENERIC, "cannot lock " + directory.string() + " to write the schedule's state");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    ~DirectoryLock() { ::close(fd_); }
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
    int fd_;
};

// A CSV file. Each row's state is written into the file as it is then (edits made meanwhile survive), under
// a lock; the other rows are copied byte for byte; a symlinked schedule keeps its link. Columns past I are kept.
class CsvSource final : public Source {
public:
    explicit CsvSource(std::filesystem::path path) : path_(std::move(path)) { open_schedule(path_); }
    // Where the file lies does not matter: copies of a schedule on several machines, at the same
    // path relative to where agoras runs (a repository checkout), are one schedule.
    std::string id() const override {
        const auto absolute = std::filesystem::absolute(path_).lexically_normal();
        const auto relative = absolute.lexically_relative(std::filesystem::current_path());
        const bool inside = !relative.empty() && *relative.begin() != "..";
        return "file:" + (inside ? relative : absolute).string();
    }
    // Before 0.2, the file's absolute path with links resolved.
    std::string legacy_id() const override { return "file:" + std::filesystem::weakly_canonical(path_).string(); }
    void read_rows(const std::function<void(std::size_t, Row&&)>& each) override {
        for_each_csv_row(path_, [&](std::size_t index, CsvRow& row, const std::string&) {
            each(index, std::move(row));
            return true;
        });
    }
    void mark(std::size_t index, const Row& row, const std::string& state) override {
        std::error_code ec;
        const bool link = std::filesystem::is_symlink(path_, ec);
        const std::filesystem::path file = link ? std::filesystem::canonical(path_) : path_;
        const DirectoryLock lock(file.parent_path());
        // Where the row is now: at its index if it is still there, else the first row that posts the same.
        std::optional<std::size_t> at;
        for_each_csv_row(file, [&](std::size_t i, CsvRow& now, const std::string&) {
            if (!same_post(now, row)) return true;
            if (!at || i == index) at = i;
            return i < index;
        });
        if (!at) {
            spdlog::warn("row {} of {} was edited or removed while it was published; its state was not written", index + 1,
                         path_.string());
            return;
        }
        core::replace_file_with(file, [&](const core::PutText& put) {
            for_each_csv_row(file, [&](std::size_t i, CsvRow& now, const std::string& raw) {
                if (i != *at) {
                    put(raw);
                    return true;
                }
                if (now.size() <= kState) now.resize(kState + 1);
                now[kState] = state;
                put(format_csv_row(now) + line_break_of(raw));
                return true;
            });
        });
    }

private:
    std::filesystem::path path_;
};

std::string from_env(const char* name, const std::string& fallback) { return core::env(name).value_or(fallback); }

// A Google Sheets worksheet through the Sheets v4 values API, with a service account's token; only the
// state cell of a row is ever written.
class SheetsSource final : public Source {
public:
    SheetsSource(std::string sheet_id, std::string sheet_name, net::ServiceAccount account)
        : sheet_id_(std::move(sheet_id)), sheet_name_(std::move(sheet_name)), account_(std::move(account)),
          api_(from_env("AGORAS_GOOGLE_SHEETS_URL", "https://sheets.googleapis.com")) {
        while (!api_.empty() && api_.back() == '/') api_.pop_back();
        token_ = access_token();
    }
    std::string id() const override { return "sheets:" + sheet_id_ + "/" + sheet_name_; }
    void read_rows(const std::function<void(std::size_t, Row&&)>& each) override {
        const Json answer = call("GET", range(""), "", "reading the worksheet");
        std::size_t index = 0;
        for (const auto& row : answer["values"].items()) {
            Row cells;
            for (const auto& c : row.items()) cells.push_back(c.text());
            each(index++, std::move(cells));
        }
    }
    void mark(std::size_t row, const Row&, const std::string& state) override {
        const std::string cell_range = range("!I" + std::to_string(row + 1));
        const Json body = Json::object()
                              .set("range", quoted_name() + "!I" + std::to_string(row + 1))
                              .set("majorDimension", "ROWS")
                              .set("values", Json::array().push(Json::array().push(state)));
        call("PUT", cell_range + "?valueInputOption=RAW", body.serialize(), "writing the state of row " + std::to_string(row + 1));
    }

private:
    std::string quoted_name() const {
        std::string q = "'";
        for (char c : sheet_name_) q += c == '\'' ? std::string("''") : std::string(1, c);
        return q + "'";
    }
    std::string range(const std::string& suffix) const {
        return api_ + "/v4/spreadsheets/" + sdk::percent_encode(sheet_id_) + "/values/" + sdk::percent_encode(quoted_name() + suffix);
    }
    std::string access_token() {
        std::string assertion;
        services::check(services::net().google_assertion(account_, now_real(), assertion));
        net::HttpCall call;
        call.method = "POST";
        call.url = account_.token_url;
        call.content_type = "application/x-www-form-urlencoded";
        call.body = sdk::encode_params({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", assertion}});
        call.retry_safe = true;
        int status = 0;
        const Json json = send(call, status);
        if (status != 200 || json["access_token"].text().empty()) {
            const std::string why = json["error_description"].text().empty() ? json["error"].text() : json["error_description"].text();
            throw StatusError(AGORAS_ERR_AUTH, "Google refused the service account " + account_.client_email + " (HTTP " +
                                                   std::to_string(status) + (why.empty() ? "" : ": " + why) + ")");
        }
        const std::string token = json["access_token"].text();
        // A token that could not travel in a header is Google's fault (or a stand-in's), not the user's.
        if (token.find_first_of("\r\n\t ") != std::string::npos || token.size() > 8192) {
            throw StatusError(AGORAS_ERR_REMOTE, "Google's token endpoint answered with an access token agoras cannot use");
        }
        return token;
    }
    // One exchange through the host's HTTP; the answer's JSON (null when it is none) and its status.
    static Json send(const net::HttpCall& call, int& status) {
        net::HttpAnswer answer;
        services::check(services::net().http_send(call, answer));
        status = answer.status;
        try {
            return Json::parse(answer.body);
        } catch (const std::invalid_argument&) {
            return Json();
        }
    }
    // JWTs carry the real time, whatever AGORAS_NOW says: Google checks them against its own clock.
    static long long now_real() { return static_cast<long long>(std::time(nullptr)); }
    Json call(const std::string& method, const std::string& url, const std::string& body, const std::string& doing) {
        net::HttpCall call;
        call.method = method;
        call.url = url;
        call.headers.emplace_back("Authorization", "Bearer " + token_);
        if (!body.empty()) {
            call.body = body;
            call.content_type = "application/json";
        }
        call.retry_safe = true;  // reading, and writing one cell to a value: both may be repeated
        int status = 0;
        Json json = send(call, status);
        if (status < 200 || status >= 300) {
            const std::string why = json["error"]["message"].text();
            const agoras_status exit = status == 401 || status == 403 ? AGORAS_ERR_AUTH
                                       : status == 404                ? AGORAS_ERR_GENERIC
                                                                      : AGORAS_ERR_REMOTE;
            throw StatusError(exit, "Google Sheets answered " + doing + " with HTTP " + std::to_string(status) +
                                        (why.empty() ? "" : ": " + why));
        }
        return json;
    }

    std::string sheet_id_, sheet_name_;
    net::ServiceAccount account_;
    std::string api_, token_;
};

}  // namespace

std::unique_ptr<Source> open_source(const SourceOptions& options) {
    const std::string &file = options.file, &id = options.sheets_id, &name = options.sheets_name,
                      &email = options.client_email;
    std::string key = options.private_key;
    if (!file.empty()) {
        if (!id.empty()) throw usage_error("give --schedule-file or the --sheets-* options, not both");
        return std::make_unique<CsvSource>(file);
    }
    if (id.empty() || name.empty() || email.empty() || key.empty()) {
        throw usage_error("give --schedule-file FILE.csv, or all of --sheets-id, --sheets-name, --sheets-client-email and "
                          "--sheets-private-key");
    }
    // The original accepts the key with literal \n sequences (as pasted into a CI variable).
    for (auto at = key.find("\\n"); at != std::string::npos; at = key.find("\\n", at + 1)) key.replace(at, 2, "\n");
    net::ServiceAccount account{email, key, from_env("AGORAS_GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
                                     kSheetsScope};
    return std::make_unique<SheetsSource>(id, name, account);
}

}  // namespace agoras::host::schedule
