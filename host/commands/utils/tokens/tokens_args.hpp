// What the `utils tokens` commands share: their usage text and option helpers.
#pragma once

#include "cli/strict_parse.hpp"
#include "plugins/plugin_registry.hpp"
#include "status_error.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace agoras::host::commands::tokens {

namespace po = boost::program_options;

inline constexpr const char* kUsage =
    "Usage: agoras utils tokens <command> [options]\n\n"
    "Commands:\n"
    "  list [--platform P] [--json]                 list stored records (the default account marked)\n"
    "  show --platform P [--identifier I] [--field F] [--format plain|json]\n"
    "                                               show records (plain masks secrets; --field and json do not)\n"
    "  delete --platform P --identifier I           delete one record\n"
    "  unattended-format [--platform P]...          print export-able variables for CI (cleartext!)\n"
    "  import-legacy [--from DIR] [--overwrite]     import the Python agoras store (DIR/.key, DIR/tokens/*.token)\n"
    "  copy-to-shared [--overwrite]                 copy this machine's vault into AGORAS_VAULT_URL's (docs/teams.md)\n"
    "\"default\" as an identifier names the platform's default account.\n";

// Each subcommand's own help.
inline std::string usage_of(const std::string& command) {
    static const std::vector<std::pair<std::string, std::string>> usages = {
        {"list", "Usage: agoras utils tokens list [--platform P]\n\nLists the stored records, sorted; the default "
                 "account of a platform is marked (default).\n"},
        {"show", "Usage: agoras utils tokens show --platform P [--identifier I] [--field F] [--format plain|json]\n\n"
                 "Shows records: plain masks secrets, --field F prints one value unmasked, json prints unmasked.\n"
                 "\"default\" as the identifier names the platform's default account.\n"},
        {"delete", "Usage: agoras utils tokens delete --platform P --identifier I\n\nDeletes one record.\n"},
        {"unattended-format",
         "Usage: agoras utils tokens unattended-format [--platform P]...\n\nPrints NAME=value lines for unattended "
         "runs (CI), as each plugin declares them. The output holds cleartext credentials.\n"},
        {"import-legacy", "Usage: agoras utils tokens import-legacy [--from DIR] [--overwrite]\n\nImports the Python "
                          "agoras store (DIR/.key, DIR/tokens/*.token); the old files are never modified.\n"},
        {"copy-to-shared", "Usage: agoras utils tokens copy-to-shared [--overwrite]\n\nCopies every record of this "
                           "machine's vault (and its default accounts) into the shared vault of AGORAS_VAULT_URL,\n"
                           "sealed with AGORAS_VAULT_KEY; records it already holds are kept unless --overwrite.\n"}};
    for (const auto& [name, text] : usages) {
        if (name == command) return text;
    }
    return kUsage;
}

// The options after the subcommand (args[0]); nullopt when --help was asked for (and printed).
inline std::optional<po::variables_map> parse(const std::vector<std::string>& args, po::options_description& options) {
    options.add_options()("help,h", "show this help");
    auto vm = cli::strict_parse({args.begin() + 1, args.end()}, options);
    if (vm.count("help") > 0) {
        std::cout << usage_of(args.front());
        return std::nullopt;
    }
    return vm;
}

inline std::optional<std::string> optional_arg(const po::variables_map& vm, const char* name) {
    if (vm.count(name) == 0) return std::nullopt;
    return vm[name].as<std::string>();
}

inline std::string required_arg(const po::variables_map& vm, const char* name) {
    auto value = optional_arg(vm, name);
    if (!value || value->empty()) throw usage_error(std::string("the option '--") + name + "' is required but missing");
    return *value;
}

int unattended_format(const std::vector<std::string>& args, plugins::PluginRegistry& registry);
int import_legacy(const std::vector<std::string>& args);
int copy_to_shared(const std::vector<std::string>& args);

}  // namespace agoras::host::commands::tokens
