#include "commands/auth/auth_command.hpp"

#include "cli/action_options.hpp"
#include "cli/examples.hpp"
#include "cli/suggest.hpp"
#include "clock.hpp"
#include "output/result_output.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <set>

namespace agoras::host::commands {
namespace {

constexpr std::int64_t kSoon = 7 * 24 * 3600;

constexpr const char* kUsage =
    "Usage: agoras auth status [--platform P] [--check] [--json]\n"
    "       agoras auth switch --platform P --account A\n"
    "       agoras auth logout --platform P [--account A]\n\n"
    "status: lists every account in the vault and every credential in the environment, per platform: its age,\n"
    "expiry and scopes, never its secrets. --check also asks each platform who the default account (or the\n"
    "environment's) is. Exits 3 when a credential is expired or refused.\n"
    "switch: makes account A the platform's default (the account its commands use), without authorizing again.\n"
    "logout: removes account A (default: the default account) from the vault. The platform still honours its\n"
    "token until you revoke the app in the platform's settings.\n";

struct Options {
    std::string command, platform, account;
    bool check = false;
};

Options parse(const std::vector<std::string>& args) {
    Options o;
    o.command = args[0];
    if (o.command != "status" && o.command != "switch" && o.command != "logout") {
        throw usage_error("unknown auth command '" + o.command + "'" + cli::did_you_mean(o.command, {"status", "switch", "logout"}) +
                          " (agoras auth --help)");
    }
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--check" && o.command == "status") o.check = true;
        else if (args[i] == "--json") output::set_format(output::Format::json);
        else if (args[i] == "--platform" && i + 1 < args.size()) o.platform = args[++i];
        else if (args[i] == "--account" && i + 1 < args.size() && o.command != "status") o.account = args[++i];
        else throw usage_error("unknown argument '" + args[i] + "' (agoras auth --help)");
    }
    if (o.command != "status" && o.platform.empty()) throw usage_error("agoras auth " + o.command + " needs --platform");
    if (o.command == "switch" && o.account.empty()) throw usage_error("agoras auth switch needs --account (agoras auth status lists them)");
    return o;
}

// The accounts of `platform` in the vault, for messages and suggestions.
std::vector<std::string> accounts_of(const std::string& platform) {
    std::vector<vault::RecordInfo> records;
    services::check(services::vault().list(platform, records));
    std::vector<std::string> names;
    for (const auto& r : records) names.push_back(r.identifier);
    return names;
}

// `agoras auth switch` and `logout`: the default account chosen, or an account removed.
int change_account(plugins::PluginRegistry& registry, const Options& o) {
    const auto entry = registry.find_platform(o.platform);
    if (!entry) throw usage_error("no installed plugin provides platform '" + o.platform + "'");
    const std::string platform = entry->platform().name;
    auto& store = services::vault();
    std::string account = o.account;
    if (account.empty()) services::check(store.get_default(platform, account));
    if (account.empty()) throw usage_error("no default " + platform + " account to log out; name one with --account");
    std::optional<vault::Record> record;
    services::check(store.get(platform, account, record));
    if (!record) {
        const auto known = accounts_of(platform);
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throw usage_error("the vault holds no " + platform + " account '" + account + "'" + cli::did_you_mean(account, known) +
                          " (it holds: " + (list.empty() ? "none" : list) + ")");
    }
    if (o.command == "switch") {
        services::check(store.set_default(platform, account));
        output::emit_result(Json::object().set("platform", platform).set("account", account).set("default", true).serialize());
        return 0;
    }
    bool existed = false;
    services::check(store.remove(platform, account, existed));
    output::emit_result(Json::object().set("platform", platform).set("account", account).set("removed", existed).serialize());
    std::cerr << "agoras: removed " << platform << " account " << account << " from the vault; " << platform
              << " still honours its token until you revoke agoras in its settings\n";
    return 0;
}

// The earliest expiry a record states: the vault's own, or a token field's (Threads' token_expires_at).
std::optional<std::int64_t> expiry_of(const vault::Record& record) {
    std::optional<std::int64_t> expiry = record.info.expires_at;
    for (const auto& [name, value] : record.fields) {
        if (value.is_string || (name != "token_expires_at" && name != "expires_at")) continue;
        const std::int64_t at = std::atoll(value.text.c_str());
        if (at > 0 && (!expiry || at < *expiry)) expiry = at;
    }
    return expiry;
}

std::string state_of(std::optional<std::int64_t> expiry, std::int64_t now) {
    if (!expiry || *expiry <= 0) return "ok";
    if (*expiry <= now) return "expired";
    return *expiry - now < kSoon ? "expires-soon" : "ok";
}

// Asks the plugin who the account is (its whoami action, as the environment and the vault's default
// account give it); "" when it answered.
std::string check(const plugins::PlatformEntry& entry) {
    const auto* whoami = entry.platform().find_action("whoami");
    if (whoami == nullptr) return "this platform has no whoami";
    // The options as a user's `agoras <platform> whoami` would get them: from the environment.
    const auto values = cli::parse_action_options(*whoami, {}).values;
    std::string error;
    const auto status = entry.plugin->run(entry.platform().name, "whoami", values, error, [](const std::string&) {});
    return status == AGORAS_OK ? "" : (error.empty() ? "refused" : error) + " (exit " + std::to_string(status) + ")";
}

// One status line as the table shows it: the account as "user (identifier)", or the variables that hold it.
std::vector<std::string> table_row(const Json& line) {
    std::string account;
    if (line["source"].text() == "environment") {
        for (const auto& variable : line["variables"].items()) account += (account.empty() ? "from " : ", ") + variable.text();
    } else {
        const std::string user = line["user"].text(), id = line["account"].text();
        account = user.empty() || user == id ? id : user + " (" + id + ")";
    }
    const std::string expires = line["expires_at"].is_number() ? output::local_iso8601(line["expires_at"].integer()).substr(0, 10) : "-";
    const std::string check = line["check"].text();
    return {line["default"].boolean() ? "*" : " ", line["platform"].text(), account,
            line["state"].text().empty() ? "ok" : line["state"].text(), expires,
            check.empty() || check == "ok" ? check : "failed"};
}

// `auth status` on a terminal: one row per account, in columns that fit its width (the account is shortened
// with "…" when they would not), the default account starred; --json has every field.
void print_table(const AuthReport& report) {
    std::vector<std::vector<std::string>> rows = {{" ", "PLATFORM", "ACCOUNT", "STATE", "EXPIRES", "CHECK"}};
    bool checked = false;
    for (const auto& line : report.lines) {
        rows.push_back(table_row(line));
        checked = checked || !rows.back()[5].empty();
    }
    const std::size_t columns = checked ? 6 : 5;
    const auto width_of = [](const std::string& text) {  // code points, which is what a terminal shows for these
        std::size_t n = 0;
        for (unsigned char c : text) n += (c & 0xC0) != 0x80;
        return n;
    };
    std::vector<std::size_t> widths(columns, 0);
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < columns; ++c) widths[c] = std::max(widths[c], width_of(row[c]));
    }
    std::size_t total = columns - 1;
    for (std::size_t c = 0; c < columns; ++c) total += widths[c] + 1;
    const std::size_t room = output::terminal_width();
    if (total > room && widths[2] > 12) widths[2] = std::max<std::size_t>(12, widths[2] - std::min(widths[2], total - room));
    for (auto& row : rows) {
        std::string& account = row[2];
        if (width_of(account) > widths[2]) {
            std::size_t kept = 0, bytes = 0;
            while (bytes < account.size() && kept + 1 < widths[2]) {
                ++bytes;
                while (bytes < account.size() && (static_cast<unsigned char>(account[bytes]) & 0xC0) == 0x80) ++bytes;
                ++kept;
            }
            account = account.substr(0, bytes) + "\u2026";
        }
        std::string out;
        for (std::size_t c = 0; c < columns; ++c) {
            out += row[c];
            if (c + 1 < columns) out += std::string(widths[c] - width_of(row[c]) + 2, ' ');
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        std::cout << out << "\n";
    }
    std::cout.flush();
    for (const auto& line : report.lines) {  // why a check failed, in full
        const std::string check = line["check"].text();
        if (!check.empty() && check != "ok") std::cerr << "agoras: " << line["platform"].text() << ": " << check << "\n";
    }
}

}  // namespace

AuthReport auth_report(plugins::PluginRegistry& registry, const std::string& platform_filter, bool check_accounts,
                       bool leave_no_vault) {
    AuthReport report;
    registry.load_all();
    // The plugins that will be asked are opened first, as a platform command opens its plugin before the
    // vault: their libraries come before the services library's, and a crash while loading restarts the
    // command before anything else happened.
    for (const auto& entry : registry.platforms()) {
        if (!check_accounts || (!platform_filter.empty() && entry.platform().name != platform_filter)) continue;
        std::string reason;
        entry.plugin->ensure_loaded(reason);  // a failure says why, and the check reports it
    }
    auto& store = services::vault();
    const std::int64_t now = now_unix_ms() / 1000;
    bool known_platform = platform_filter.empty();
    std::vector<std::pair<std::size_t, plugins::PlatformEntry>> to_check;  // lines to check, and whose
    for (const auto& entry : registry.platforms()) {
        const std::string& platform = entry.platform().name;
        if (!platform_filter.empty() && platform != platform_filter) continue;
        known_platform = true;
        std::set<std::string> credential_fields;
        std::vector<std::string> env_set;
        for (const auto& [field, variable] : entry.plugin->info().credential_fields(platform)) {
            credential_fields.insert(field);
            const char* value = std::getenv(variable.c_str());
            if (value != nullptr && *value != '\0') env_set.push_back(variable);
        }
        std::string default_identifier;
        services::check(store.get_default(platform, default_identifier));
        std::vector<vault::RecordInfo> records;
        services::check(store.list(platform, records));
        for (const auto& info : records) {
            std::optional<vault::Record> record;
            services::check(store.get(platform, info.identifier, record));
            if (!record) continue;
            // Accounts only: records that hold one of the platform's credential fields (not an app
            // registration or a cache a plugin keeps there).
            bool account = credential_fields.empty();
            for (const auto& [name, value] : record->fields) account = account || credential_fields.count(name) > 0;
            if (!account) continue;
            const auto expiry = expiry_of(*record);
            const std::string state = state_of(expiry, now);
            Json line = Json::object()
                            .set("platform", platform)
                            .set("account", info.identifier)
                            .set("source", "vault")
                            .set("default", info.identifier == default_identifier)
                            .set("created_at", info.created_at)
                            .set("updated_at", info.updated_at)
                            .set("age_days", (now - info.created_at) / 86400)
                            .set("expires_at", expiry ? Json(*expiry) : Json())
                            .set("state", state);
            if (const auto* scopes = vault::find_field(record->fields, "scopes")) line.set("scopes", scopes->text);
            // Who the account is, where the record says (Threads names accounts by app id).
            for (const char* name : {"username", "handle", "acct", "screen_name", "bot_username"}) {
                const auto* user = vault::find_field(record->fields, name);
                if (user != nullptr && user->is_string && !user->text.empty()) {
                    line.set("user", user->text);
                    break;
                }
            }
            if (check_accounts && info.identifier == default_identifier && env_set.empty()) {
                to_check.emplace_back(report.lines.size(), entry);
            }
            report.trouble = report.trouble || state == "expired";
            report.lines.push_back(std::move(line));
        }
        if (!env_set.empty()) {
            Json variables = Json::array();
            for (const auto& v : env_set) variables.push(v);
            if (check_accounts) to_check.emplace_back(report.lines.size(), entry);
            report.lines.push_back(Json::object().set("platform", platform).set("source", "environment").set("variables", variables));
        }
    }
    if (!known_platform) throw usage_error("no installed plugin provides platform '" + platform_filter + "'");
    // The checks come after the listing, which they must not change: a plugin that keeps a session (Bluesky
    // logging in from BLUESKY_*) writes to the vault, and where there was none that vault stays in memory.
    if (!to_check.empty() && leave_no_vault) store.keep_new_vault_in_memory();
    for (const auto& [index, entry] : to_check) {
        const std::string result = check(entry);
        report.lines[index].set("check", result.empty() ? "ok" : result);
        report.trouble = report.trouble || !result.empty();
    }
    return report;
}

int run_auth_command(cli::CommandContext& context) {
    if (context.args.empty() || context.args[0] == "-h" || context.args[0] == "--help" ||
        (context.args.size() > 1 && (context.args[1] == "-h" || context.args[1] == "--help"))) {
        (context.args.empty() ? std::cerr : std::cout) << kUsage;
        if (!context.args.empty()) cli::print_examples(std::cout, cli::command_examples("auth"));
        return context.args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    const Options options = parse(context.args);
    if (options.command != "status") return change_account(context.registry, options);
    output::results_are_read_only();
    const AuthReport report = auth_report(context.registry, options.platform, options.check, /*leave_no_vault=*/true);
    if (output::results_as_text() && !report.lines.empty()) {
        print_table(report);
    } else {
        for (const auto& line : report.lines) output::emit_result(line.serialize());
    }
    if (report.lines.empty()) std::cerr << "agoras: no account in the vault and no credential in the environment\n";
    return report.trouble ? AGORAS_ERR_AUTH : 0;
}

}  // namespace agoras::host::commands
