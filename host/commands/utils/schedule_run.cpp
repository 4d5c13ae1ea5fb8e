#include "commands/utils/schedule_run.hpp"

#include "cli/action_options.hpp"
#include "clock.hpp"
#include "publish/fanout.hpp"
#include "publish/option_values.hpp"
#include "core/environment.hpp"
#include "schedule/csv.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/sdk/url.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>

namespace agoras::host::commands {

using publish::make_option;
using publish::networks_of;
using publish::value_of;

namespace {

using plugins::OptionInfo;

// The original's columns: A text, B link, C-F images, G date, H hour, I state.
constexpr std::size_t kText = 0, kLink = 1, kFirstImage = 2, kLastImage = 5, kDate = 6, kHour = 7, kState = 8;
constexpr const char* kSheetsScope = "https://www.googleapis.com/auth/spreadsheets";

plugins::ActionInfo declaration() {
    plugins::ActionInfo action;
    action.name = "schedule-run";
    action.help = "Publish the rows of a schedule whose time has come";
    OptionInfo network = make_option("network", AGORAS_OPTION_LIST, "platforms to publish to: P or P:ACCOUNT, comma-separated");
    network.required = true;
    OptionInfo key = make_option("sheets-private-key", AGORAS_OPTION_STRING, "the service account's private key (PEM; \\n allowed)",
                            "GOOGLE_SHEETS_PRIVATE_KEY");
    key.secret = true;
    action.options = {network,
                      make_option("schedule-file", AGORAS_OPTION_STRING, "a CSV file with the schedule's rows"),
                      make_option("sheets-id", AGORAS_OPTION_STRING, "the Google spreadsheet's id", "GOOGLE_SHEETS_ID"),
                      make_option("sheets-name", AGORAS_OPTION_STRING, "the worksheet's name", "GOOGLE_SHEETS_NAME"),
                      make_option("sheets-client-email", AGORAS_OPTION_STRING, "the service account's e-mail address",
                             "GOOGLE_SHEETS_CLIENT_EMAIL"),
                      key,
                      make_option("max-count", AGORAS_OPTION_INTEGER, "at most this many rows per run", "MAX_COUNT", "1"),
                      make_option("dry-run", AGORAS_OPTION_FLAG, "show which rows are due and what they would send; change nothing")};
    return action;
}

std::string value_or(const plugins::OptionValues& values, const std::string& name, const std::string& fallback = "") {
    return value_of(values, name).value_or(fallback);
}

std::string cell(const std::vector<std::string>& row, std::size_t column) {
    if (column >= row.size()) return "";
    std::string v = row[column];
    const auto first = v.find_first_not_of(" \t");
    return first == std::string::npos ? "" : v.substr(first, v.find_last_not_of(" \t") - first + 1);
}

// When the row is due: its date (YYYY-MM-DD or DD-MM-YYYY) and hour (0-23) in local time (TZ), as Unix
// seconds; nullopt for a row whose date or hour does not parse (a header, a note).
std::optional<std::int64_t> due_time(const std::vector<std::string>& row) {
    const std::string date = cell(row, kDate), hour_text = cell(row, kHour);
    int a = 0, b = 0, c = 0, used = 0;
    if (std::sscanf(date.c_str(), "%d-%d-%d%n", &a, &b, &c, &used) != 3 || used != static_cast<int>(date.size())) return std::nullopt;
    int year = 0, month = 0, day = 0;
    if (date.size() >= 4 && date[4] == '-') {
        year = a, month = b, day = c;  // YYYY-MM-DD
    } else {
        day = a, month = b, year = c;  // DD-MM-YYYY: the day always comes first, whatever its value
    }
    if (hour_text.empty() || hour_text.size() > 2 || hour_text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const int hour = std::stoi(hour_text);
    if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_isdst = -1;
    const std::time_t t = std::mktime(&tm);
    if (t == -1 || tm.tm_mday != day) return std::nullopt;  // 31-02 and the like
    return static_cast<std::int64_t>(t);
}

// A stable fingerprint of a row (FNV-1a, twice with different bases: 128 bits), the same in every agoras
// version, since journal keys are made of it. No cryptography is needed: nobody gains from a collision
// but the schedule's own author.
std::string fingerprint(const std::string& data) {
    std::string out;
    for (std::uint64_t hash : {14695981039346656037ULL, 0x6c62272e07bb0142ULL}) {
        for (unsigned char c : data) hash = (hash ^ c) * 1099511628211ULL;
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
        out += text;
    }
    return out;
}

// Where the rows come from and where their state goes.
class Source {
public:
    virtual ~Source() = default;
    virtual std::string id() const = 0;  // part of every row's journal key
    virtual std::vector<std::vector<std::string>> rows() = 0;
    virtual void mark(std::size_t row, const std::string& state) = 0;
};

// A CSV file, replaced whole (a new file renamed over it) after each row's outcome; columns past I kept.
class CsvSource final : public Source {
public:
    explicit CsvSource(std::filesystem::path path) : path_(std::move(path)) {
        std::ifstream in(path_, std::ios::binary);
        if (!in) throw usage_error("cannot read the schedule file " + path_.string());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        table_ = schedule::parse_csv(text);
    }
    std::string id() const override { return "file:" + std::filesystem::weakly_canonical(path_).string(); }
    std::vector<std::vector<std::string>> rows() override { return table_.rows; }
    void mark(std::size_t row, const std::string& state) override {
        auto& cells = table_.rows.at(row);
        if (cells.size() <= kState) cells.resize(kState + 1);
        cells[kState] = state;
        schedule::replace_csv_file(path_, table_);
    }

private:
    std::filesystem::path path_;
    schedule::CsvTable table_;
};

std::string from_env(const char* name, const std::string& fallback) { return core::env(name).value_or(fallback); }

// A Google Sheets worksheet through the Sheets v4 values API, with a service account's token; only the
// state cell of a row is ever written.
class SheetsSource final : public Source {
public:
    SheetsSource(std::string sheet_id, std::string sheet_name, schedule::ServiceAccount account)
        : sheet_id_(std::move(sheet_id)), sheet_name_(std::move(sheet_name)), account_(std::move(account)),
          api_(from_env("AGORAS_GOOGLE_SHEETS_URL", "https://sheets.googleapis.com")) {
        while (!api_.empty() && api_.back() == '/') api_.pop_back();
        token_ = access_token();
    }
    std::string id() const override { return "sheets:" + sheet_id_ + "/" + sheet_name_; }
    std::vector<std::vector<std::string>> rows() override {
        const Json answer = call("GET", range(""), "", "reading the worksheet");
        std::vector<std::vector<std::string>> out;
        for (const auto& row : answer["values"].items()) {
            std::vector<std::string> cells;
            for (const auto& c : row.items()) cells.push_back(c.text());
            out.push_back(std::move(cells));
        }
        return out;
    }
    void mark(std::size_t row, const std::string& state) override {
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
        services::check(services::backend().google_assertion(account_, now_real(), assertion));
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
        return json["access_token"].text();
    }
    // One exchange through the host's HTTP; the answer's JSON (null when it is none) and its status.
    static Json send(const net::HttpCall& call, int& status) {
        net::HttpAnswer answer;
        services::check(services::backend().http_send(call, answer));
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
    schedule::ServiceAccount account_;
    std::string api_, token_;
};

std::unique_ptr<Source> source_of(const plugins::OptionValues& values) {
    const std::string file = value_or(values, "schedule-file");
    const std::string id = value_or(values, "sheets-id"), name = value_or(values, "sheets-name"),
                      email = value_or(values, "sheets-client-email");
    std::string key = value_or(values, "sheets-private-key");
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
    schedule::ServiceAccount account{email, key, from_env("AGORAS_GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token"),
                                     kSheetsScope};
    return std::make_unique<SheetsSource>(id, name, account);
}

sdk::Post post_of(const std::vector<std::string>& row) {
    sdk::Post post;
    post.text = cell(row, kText);
    if (const std::string link = cell(row, kLink); !link.empty()) post.link = link;
    for (std::size_t c = kFirstImage; c <= kLastImage; ++c) {
        if (const std::string image = cell(row, c); !image.empty()) post.media.push_back({AGORAS_MEDIA_IMAGE, image, "", ""});
    }
    return post;
}

std::string lowered(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

int run_schedule_run_command(cli::CommandContext& context) {
    const plugins::ActionInfo action = declaration();
    const auto parsed = cli::parse_action_options(action, context.args);
    if (parsed.help) {
        std::cout << "Usage: agoras utils schedule-run --network P[,P2...] (--schedule-file FILE.csv |\n"
                     "         --sheets-id ID --sheets-name NAME --sheets-client-email E --sheets-private-key K) [--max-count N]\n\n"
                  << action.help << ": columns A text, B link, C-F images, G date, H hour, I state.\n\n"
                  << cli::describe_action(action);
        return 0;
    }
    const std::vector<std::string> networks = networks_of(parsed.values);
    const long long max_count = std::stoll(value_or(parsed.values, "max-count", "1"));
    if (max_count < 1) throw usage_error("--max-count must be 1 or more");
    const bool dry_run = !value_or(parsed.values, "dry-run").empty();

    std::unique_ptr<Source> source = source_of(parsed.values);
    const std::vector<std::vector<std::string>> rows = source->rows();
    const std::int64_t now = now_unix_ms() / 1000;
    // Due rows not yet published (or failed), oldest first; future rows wait; rows that do not parse are left alone.
    std::vector<std::pair<std::int64_t, std::size_t>> due;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string state = lowered(cell(rows[i], kState));
        if (state == "published" || state.rfind("error", 0) == 0) continue;
        const auto when = due_time(rows[i]);
        if (!when) {
            spdlog::debug("row {}: no date and hour agoras can read; left as it is", i + 1);
            continue;
        }
        if (*when <= now) due.emplace_back(*when, i);
    }
    std::stable_sort(due.begin(), due.end());
    if (due.size() > static_cast<std::size_t>(max_count)) due.resize(static_cast<std::size_t>(max_count));
    if (due.empty()) {
        spdlog::info("no row of the schedule is due");
        return 0;
    }

    int exit_code = 0;
    for (const auto& [when, index] : due) {
        const auto& row = rows[index];
        std::vector<publish::TargetResult> results;
        publish::PublishPlan plan;
        plan.specs = networks;
        plan.post = post_of(row);
        // The row's content (not its position, which edits move) and the schedule make its key.
        std::string content = source->id();
        for (std::size_t c = 0; c <= kHour; ++c) content += "\x1f" + cell(row, c);
        plan.key = "schedule:" + source->id() + "#" + fingerprint(content);
        plan.dry_run = dry_run;
        plan.extra = Json::object().set("row", static_cast<long long>(index + 1));
        plan.results = &results;
        std::string state = "published";
        try {
            const int code = publish::publish_to_targets(context.registry, plan);
            if (code != 0 && exit_code == 0) exit_code = code;
            for (const auto& r : results) {
                if (r.status == "failed" || r.status == "unknown") {
                    state = "error: " + r.spec + ": " + (r.status == "unknown" ? "unknown outcome, not sent again: " : "") + r.error;
                    break;
                }
            }
        } catch (const StatusError& e) {
            // Refused before anything was sent (a text too long for a network, say).
            state = std::string("error: ") + e.what();
            if (exit_code == 0) exit_code = e.status();
            spdlog::error("row {}: {}", index + 1, e.what());
        }
        if (dry_run) continue;
        std::replace(state.begin(), state.end(), '\n', ' ');
        if (state.size() > 300) state.resize(300);
        source->mark(index, state);
    }
    return exit_code;
}

}  // namespace agoras::host::commands
