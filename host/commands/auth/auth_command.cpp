#include "commands/auth/auth_command.hpp"

#include "cli/action_options.hpp"
#include "clock.hpp"
#include "output/result_output.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <cstdlib>
#include <iostream>
#include <set>

namespace agoras::host::commands {
namespace {

constexpr std::int64_t kSoon = 7 * 24 * 3600;

constexpr const char* kUsage =
    "Usage: agoras auth status [--platform P] [--check]\n\n"
    "Lists every account in the vault and every credential in the environment, per platform: its age, expiry\n"
    "and scopes, never its secrets. --check also asks each platform who the default account (or the\n"
    "environment's) is. Exits 3 when a credential is expired or refused.\n";

struct Options {
    std::string platform;
    bool check = false;
};

Options parse(const std::vector<std::string>& args) {
    if (args.empty() || args[0] != "status") throw usage_error("agoras auth has one command: status (agoras auth --help)");
    Options o;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--check") o.check = true;
        else if (args[i] == "--platform" && i + 1 < args.size()) o.platform = args[++i];
        else throw usage_error("unknown argument '" + args[i] + "' (agoras auth status [--platform P] [--check])");
    }
    return o;
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
    const auto* whoami = entry.platform->find_action("whoami");
    if (whoami == nullptr) return "this platform has no whoami";
    // The options as a user's `agoras <platform> whoami` would get them: from the environment.
    const auto values = cli::parse_action_options(*whoami, {}).values;
    std::string error;
    const auto status = entry.plugin->run(entry.platform->name, "whoami", values, error, [](const std::string&) {});
    return status == AGORAS_OK ? "" : (error.empty() ? "refused" : error) + " (exit " + std::to_string(status) + ")";
}

}  // namespace

AuthReport auth_report(plugins::PluginRegistry& registry, const std::string& platform_filter, bool check_accounts) {
    AuthReport report;
    registry.load_all();
    auto& store = services::vault();
    const std::int64_t now = now_unix_ms() / 1000;
    bool known_platform = platform_filter.empty();
    for (const auto& entry : registry.platforms()) {
        const std::string& platform = entry.platform->name;
        if (!platform_filter.empty() && platform != platform_filter) continue;
        known_platform = true;
        std::set<std::string> credential_fields;
        std::vector<std::string> env_set;
        for (const auto& [field, variable] : entry.plugin->info().credential_fields(platform)) {
            credential_fields.insert(field);
            const char* value = std::getenv(variable.c_str());
            if (value != nullptr && *value != '\0') env_set.push_back(variable);
        }
        const std::string check_result = check_accounts ? check(entry) : "";
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
            if (check_accounts && info.identifier == default_identifier && env_set.empty()) {
                line.set("check", check_result.empty() ? "ok" : check_result);
                report.trouble = report.trouble || !check_result.empty();
            }
            report.trouble = report.trouble || state == "expired";
            report.lines.push_back(std::move(line));
        }
        if (!env_set.empty()) {
            Json variables = Json::array();
            for (const auto& v : env_set) variables.push(v);
            Json line = Json::object().set("platform", platform).set("source", "environment").set("variables", variables);
            if (check_accounts) {
                line.set("check", check_result.empty() ? "ok" : check_result);
                report.trouble = report.trouble || !check_result.empty();
            }
            report.lines.push_back(std::move(line));
        }
    }
    if (!known_platform) throw usage_error("no installed plugin provides platform '" + platform_filter + "'");
    return report;
}

int run_auth_command(cli::CommandContext& context) {
    if (context.args.empty() || context.args[0] == "-h" || context.args[0] == "--help" ||
        (context.args.size() > 1 && (context.args[1] == "-h" || context.args[1] == "--help"))) {
        (context.args.empty() ? std::cerr : std::cout) << kUsage;
        return context.args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    const Options options = parse(context.args);
    const AuthReport report = auth_report(context.registry, options.platform, options.check);
    for (const auto& line : report.lines) output::emit_result(line.serialize());
    if (report.lines.empty()) std::cerr << "agoras: no account in the vault and no credential in the environment\n";
    return report.trouble ? AGORAS_ERR_AUTH : 0;
}

}  // namespace agoras::host::commands
