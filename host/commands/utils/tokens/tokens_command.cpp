// `agoras utils tokens list|show|delete`, and the dispatch to unattended-format and import-legacy.
// Output formats are the original's (docs/tokens.md).
#include "commands/utils/tokens/tokens_args.hpp"
#include "commands/utils/utils_command.hpp"
#include "output/result_output.hpp"
#include "services/backend_loader.hpp"
#include "vault/names.hpp"
#include "vault/fields.hpp"

#include <agoras/json.hpp>

#include <map>
#include <set>

namespace agoras::host::commands {
namespace tokens {
namespace {

std::string mask(const std::string& value) {
    if (value.empty()) return value;
    if (value.size() <= 8) return "***";
    return value.substr(0, 4) + "..." + value.substr(value.size() - 4);
}

std::optional<vault::Record> get_record(const std::string& platform, const std::string& identifier) {
    std::optional<vault::Record> record;
    services::check(services::vault().get(platform, identifier, record));
    return record;
}

std::vector<vault::RecordInfo> list_records(const std::optional<std::string>& platform) {
    std::vector<vault::RecordInfo> records;
    services::check(services::vault().list(platform, records));
    return records;
}

std::string default_of(const std::string& platform) {
    std::string identifier;
    services::check(services::vault().get_default(platform, identifier));
    return identifier;
}

int list(const std::vector<std::string>& args) {
    output::results_are_read_only();
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::string>())("json", "JSON lines");
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    if (parsed->count("json") > 0) output::set_format(output::Format::json);
    const auto platform = optional_arg(*parsed, "platform");
    if (platform) vault::validate_platform(*platform);
    const auto records = list_records(platform);
    if (records.empty()) {
        std::cerr << (platform ? "No stored tokens found for platform '" + *platform + "'." : "No stored tokens found.")
                  << "\n";
        return AGORAS_ERR_GENERIC;
    }
    std::map<std::string, std::string> defaults;
    if (output::json_requested()) {
        for (const auto& record : records) {
            if (defaults.count(record.platform) == 0) defaults[record.platform] = default_of(record.platform);
            output::emit_result(Json::object().set("platform", record.platform).set("identifier", record.identifier)
                                    .set("default", defaults[record.platform] == record.identifier).serialize());
        }
        return 0;
    }
    std::cout << (platform ? "Stored tokens for platform: " + *platform + ":" : "Stored tokens:") << "\n\n";
    for (const auto& record : records) {
        if (defaults.count(record.platform) == 0) defaults[record.platform] = default_of(record.platform);
        std::cout << "  " << record.platform << ": " << record.identifier
                  << (defaults[record.platform] == record.identifier ? " (default)" : "") << "\n";
    }
    return 0;
}

// `secret`: the fields the platform's plugin declares secret (masked, as the substring rule's are).
void print_plain(const vault::Record& record, const std::set<std::string>& secret) {
    std::cout << "Platform: " << record.info.platform << "\nIdentifier: " << record.info.identifier << "\nData:\n";
    for (const auto& [name, value] : record.fields) {
        std::cout << "  " << name << ": "
                  << (vault::is_secret_field(name, secret) && value.is_string ? mask(value.text) : value.text);
        // A time stays a number (scripts read it) and gets its readable form beside it.
        if (!value.is_string && output::is_date_name(name, std::atoll(value.text.c_str()))) {
            std::cout << " (" << output::local_iso8601(std::atoll(value.text.c_str())) << ")";
        }
        std::cout << "\n";
    }
}

void print_json(const vault::Record& record) {
    Json shown = Json::object();
    shown.set("platform", record.info.platform).set("identifier", record.info.identifier);
    shown.set("data", vault::fields_json(record.fields));
    std::cout << shown.pretty() << "\n";
}

int show(const std::vector<std::string>& args, plugins::PluginRegistry& registry) {
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::string>())("identifier", po::value<std::string>())(
        "field", po::value<std::string>())("format", po::value<std::string>()->default_value("plain"));
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const auto& vm = *parsed;
    const std::string platform = required_arg(vm, "platform");
    const std::string format = vm["format"].as<std::string>();
    if (format != "plain" && format != "json") throw usage_error("--format must be plain or json, not '" + format + "'");
    const auto identifier = optional_arg(vm, "identifier");
    const auto field = optional_arg(vm, "field");

    std::vector<vault::Record> records;
    if (identifier) {
        auto record = get_record(platform, *identifier);
        if (!record) {
            std::cerr << "Token not found for platform '" << platform << "' with identifier '" << *identifier << "'.\n";
            return AGORAS_ERR_GENERIC;
        }
        records.push_back(std::move(*record));
    } else {
        vault::validate_platform(platform);
        for (const auto& info : list_records(platform)) {
            if (auto record = get_record(platform, info.identifier)) records.push_back(std::move(*record));
        }
        if (records.empty()) {
            std::cerr << "No stored tokens found for platform '" << platform << "'.\n";
            return AGORAS_ERR_GENERIC;
        }
    }
    // The fields the platform's plugin declares secret, masked as the name rule's are (plain output only).
    std::set<std::string> secret;
    if (!field && format == "plain") {
        if (const auto entry = registry.find_platform(platform)) secret = entry->plugin->info().secret_fields(platform);
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& record = records[i];
        if (i > 0) std::cout << "\n";
        if (field) {
            const auto* value = vault::find_field(record.fields, *field);
            if (value == nullptr) {
                std::string available;
                for (const auto& f : record.fields) available += (available.empty() ? "" : ", ") + f.first;
                std::cerr << "Field '" << *field << "' not found in token data.\nAvailable fields: " << available << "\n";
                return AGORAS_ERR_GENERIC;
            }
            if (format == "json") {
                std::cout << vault::fields_json({{*field, *value}}).pretty() << "\n";
            } else {
                std::cout << value->text << "\n";
            }
        } else if (format == "json") {
            print_json(record);
        } else {
            print_plain(record, secret);
        }
    }
    return 0;
}

int remove(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::string>())("identifier", po::value<std::string>());
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const std::string platform = required_arg(*parsed, "platform");
    const std::string identifier = required_arg(*parsed, "identifier");
    bool existed = false;
    services::check(services::vault().remove(platform, identifier, existed));
    if (!existed) {
        std::cerr << "Token not found for platform '" << platform << "' with identifier '" << identifier << "'.\n";
        return AGORAS_ERR_GENERIC;
    }
    std::cout << Json::object().set("deleted", true).set("platform", platform).set("identifier", identifier).serialize()
              << "\n";
    return 0;
}

}  // namespace
}  // namespace tokens

int run_tokens_command(cli::CommandContext& context) {
    const auto& args = context.args;
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << tokens::kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    if (args[0] == "unattended-format") return tokens::unattended_format(args, context.registry);
    if (args[0] == "show") return tokens::show(args, context.registry);
    static const std::map<std::string, int (*)(const std::vector<std::string>&)> commands = {
        {"list", &tokens::list}, {"delete", &tokens::remove},
        {"import-legacy", &tokens::import_legacy}, {"copy-to-shared", &tokens::copy_to_shared}};
    const auto it = commands.find(args[0]);
    if (it == commands.end()) throw usage_error("unknown tokens command '" + args[0] + "'");
    return it->second(args);
}

}  // namespace agoras::host::commands
