#include "cli/tokens_command.hpp"

#include "cli/strict_parse.hpp"
#include "status_error.hpp"
#include "vault/legacy_import.hpp"
#include "vault/vault.hpp"

#include <agoras/json_object.hpp>

#include <boost/program_options/value_semantic.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

namespace agoras::host::cli {
namespace po = boost::program_options;
using vault::Fields;
using vault::FieldValue;

namespace {

constexpr const char* kUsage =
    "Usage: agoras utils tokens <command> [options]\n\n"
    "Commands:\n"
    "  list [--platform P]                          list stored records\n"
    "  show --platform P [--identifier I] [--field F] [--format plain|json]\n"
    "                                               show records (plain masks secrets; --field and json do not)\n"
    "  delete --platform P --identifier I           delete one record\n"
    "  unattended-format [--platform P]...          print export-able variables for CI (cleartext!)\n"
    "  import-legacy [--from DIR] [--overwrite]     import the Python agoras store (DIR/.key, DIR/tokens/*.token)\n";

std::string capitalised(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

std::string mask(const std::string& value) {
    if (value.empty()) return value;
    if (value.size() <= 8) return "***";
    return value.substr(0, 4) + "..." + value.substr(value.size() - 4);
}

// The options after the subcommand; nullopt when --help was asked for (and printed).
std::optional<po::variables_map> parse(const std::vector<std::string>& args, po::options_description& options) {
    options.add_options()("help,h", "show this help");
    auto vm = strict_parse({args.begin() + 1, args.end()}, options);
    if (vm.count("help") > 0) {
        std::cout << kUsage;
        return std::nullopt;
    }
    return vm;
}

std::optional<std::string> optional_arg(const po::variables_map& vm, const char* name) {
    if (vm.count(name) == 0) return std::nullopt;
    return vm[name].as<std::string>();
}

std::string required_arg(const po::variables_map& vm, const char* name) {
    auto value = optional_arg(vm, name);
    if (!value || value->empty()) throw usage_error(std::string("the option '--") + name + "' is required but missing");
    return *value;
}

int list(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::string>());
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const auto& vm = *parsed;
    const auto platform = optional_arg(vm, "platform");
    if (platform) vault::validate_platform(*platform);
    const auto records = vault::process_vault().list(platform);
    if (records.empty()) {
        std::cerr << (platform ? "No stored tokens found for platform '" + *platform + "'." : "No stored tokens found.")
                  << "\n";
        return AGORAS_ERR_GENERIC;
    }
    std::cout << (platform ? "Stored tokens for platform: " + *platform + ":" : "Stored tokens:") << "\n\n";
    for (const auto& record : records) std::cout << "  " << record.platform << ": " << record.identifier << "\n";
    return 0;
}

void print_plain(const vault::Record& record) {
    std::cout << "Platform: " << record.info.platform << "\nIdentifier: " << record.info.identifier << "\nData:\n";
    for (const auto& [name, value] : record.fields) {
        std::cout << "  " << name << ": " << (vault::is_secret_field(name) && value.is_string ? mask(value.text) : value.text) << "\n";
    }
}

void print_json(const vault::Record& record) {
    Json shown = Json::object();
    shown.set("platform", record.info.platform).set("identifier", record.info.identifier);
    shown.set("data", vault::fields_json(record.fields));
    std::cout << shown.pretty() << "\n";
}

int show(const std::vector<std::string>& args) {
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
    auto& store = vault::process_vault();

    std::vector<vault::Record> records;
    if (identifier) {
        auto record = store.get(platform, *identifier);
        if (!record) {
            std::cerr << "Token not found for platform '" << platform << "' with identifier '" << *identifier << "'.\n";
            return AGORAS_ERR_GENERIC;
        }
        records.push_back(std::move(*record));
    } else {
        vault::validate_platform(platform);
        for (const auto& info : store.list(platform)) {
            if (auto record = store.get(platform, info.identifier)) records.push_back(std::move(*record));
        }
        if (records.empty()) {
            std::cerr << "No stored tokens found for platform '" << platform << "'.\n";
            return AGORAS_ERR_GENERIC;
        }
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
                vault::Fields one{{*field, *value}};
                std::cout << vault::fields_json(one).pretty() << "\n";
            } else {
                std::cout << value->text << "\n";
            }
        } else if (format == "json") {
            print_json(record);
        } else {
            print_plain(record);
        }
    }
    return 0;
}

int remove(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::string>())("identifier", po::value<std::string>());
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const auto& vm = *parsed;
    const std::string platform = required_arg(vm, "platform");
    const std::string identifier = required_arg(vm, "identifier");
    if (!vault::process_vault().remove(platform, identifier)) {
        std::cerr << "Token not found for platform '" << platform << "' with identifier '" << identifier << "'.\n";
        return AGORAS_ERR_GENERIC;
    }
    std::cout << JsonObject().add("deleted", true).add("platform", platform).add("identifier", identifier).str()
              << "\n";
    return 0;
}

// Quotes a value for POSIX shells the way the original did (Python's shlex.quote).
std::string shell_value(const std::string& value) {
    if (value.empty()) return "";
    const bool safe = std::all_of(value.begin(), value.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("_@%+=:,./-").find(static_cast<char>(c)) != std::string_view::npos;
    });
    if (safe) return value;
    std::string out = "'";
    for (char c : value) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
    return out + "'";
}

// The original's platform order and section titles; other platforms follow alphabetically.
const std::vector<std::pair<std::string, std::string>>& known_sections() {
    static const std::vector<std::pair<std::string, std::string>> sections = {
        {"x", "X"},           {"facebook", "Facebook"}, {"instagram", "Instagram"},
        {"linkedin", "LinkedIn"}, {"youtube", "YouTube"}, {"tiktok", "TikTok"},
        {"threads", "Threads - OAuth 2.0"}, {"discord", "Discord"}, {"telegram", "Telegram"},
        {"whatsapp", "WhatsApp"}};
    return sections;
}

std::string section_title(const std::string& platform) {
    for (const auto& [name, title] : known_sections()) {
        if (name == platform) return title;
    }
    return capitalised(platform);
}

// Threads keeps the original's variable names; any field becomes <PLATFORM>_<FIELD>.
std::string variable_name(const std::string& platform, const std::string& field) {
    std::string name = platform + "_" + field;
    for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

int unattended_format(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::vector<std::string>>()->composing());
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const auto& vm = *parsed;
    std::cerr << "WARNING: Output contains cleartext credentials. Do not pipe to logs or shared systems.\n";

    auto& store = vault::process_vault();
    std::vector<std::string> platforms;
    const bool filtered = vm.count("platform") > 0;
    if (filtered) {
        platforms = vm["platform"].as<std::vector<std::string>>();
    } else {
        for (const auto& [name, title] : known_sections()) platforms.push_back(name);
        std::vector<std::string> others;
        for (const auto& info : store.list()) {
            if (std::find(platforms.begin(), platforms.end(), info.platform) == platforms.end() &&
                std::find(others.begin(), others.end(), info.platform) == others.end()) {
                others.push_back(info.platform);
            }
        }
        platforms.insert(platforms.end(), others.begin(), others.end());
    }

    std::string sections;
    for (const auto& platform : platforms) {
        vault::validate_platform(platform);
        auto record = store.get(platform, "default");
        if (!record) {
            const auto infos = store.list(platform);
            if (!infos.empty()) record = store.get(platform, infos.front().identifier);
        }
        if (!record || record->fields.empty()) continue;
        sections += (sections.empty() ? "" : "\n") + std::string("# ") + section_title(platform) + "\n";
        if (platform == "threads") {
            // The four variables the Threads plugin reads, always all four, as the original printed them.
            for (const char* field : {"app_id", "app_secret", "refresh_token", "user_id"}) {
                const auto* value = vault::find_field(record->fields, field);
                sections += variable_name(platform, field) + "=" + (value ? shell_value(value->text) : "") + "\n";
            }
            continue;
        }
        for (const auto& [field, value] : record->fields) {
            sections += variable_name(platform, field) + "=" + shell_value(value.text) + "\n";
        }
    }
    if (sections.empty()) {
        std::string list;
        for (const auto& p : platforms) list += (list.empty() ? "" : ", ") + p;
        std::cerr << (filtered ? "No stored tokens found for platform(s): " + list + "." : "No stored tokens found.")
                  << "\n";
        return AGORAS_ERR_GENERIC;
    }
    std::cout << "# Unattended Execution Environment Variables\n"
                 "# ==========================================\n"
                 "#\n"
                 "# Workflow:\n"
                 "#   1. Fill in credentials below\n"
                 "#   2. Run test-unattended.sh to run tests using stored credentials\n\n";
    if (const char* dir = std::getenv("AGORAS_STORAGE_DIR"); dir != nullptr && *dir != '\0') {
        std::cout << "# AGORAS_STORAGE_DIR=" << dir << "\n\n";
    }
    std::cout << sections;
    return 0;
}

int import_legacy(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("from", po::value<std::string>())("overwrite", "replace records that already exist");
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const auto& vm = *parsed;
    auto& store = vault::process_vault();
    const auto from = optional_arg(vm, "from");
    return vault::import_legacy_store(from ? std::filesystem::path(*from) : store.paths().base, store,
                                      vm.count("overwrite") > 0);
}

int run_tokens(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    static const std::map<std::string, int (*)(const std::vector<std::string>&)> commands = {
        {"list", &list},
        {"show", &show},
        {"delete", &remove},
        {"unattended-format", &unattended_format},
        {"import-legacy", &import_legacy}};
    const auto it = commands.find(args[0]);
    if (it == commands.end()) throw usage_error("unknown tokens command '" + args[0] + "'");
    return it->second(args);
}

}  // namespace

int run_utils_command(const std::vector<std::string>& args) {
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    if (args[0] != "tokens") throw usage_error("unknown utils command '" + args[0] + "' (available: tokens)");
    return run_tokens({args.begin() + 1, args.end()});
}

}  // namespace agoras::host::cli
