// `agoras utils tokens unattended-format`: the variables an unattended run reads, generated from what
// each plugin declares (agoras.declarations/1: vault field -> environment variable), filled from the
// platform's default account. Platforms that declare nothing get <PLATFORM>_<FIELD> for every field.
#include "cli/shell_quote.hpp"
#include "commands/utils/tokens/tokens_args.hpp"
#include "core/environment.hpp"
#include "services/backend_loader.hpp"
#include "vault/names.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace agoras::host::commands::tokens {
namespace {

// An empty value stays empty (NAME=), as in the original.
std::string shell_value(const std::string& value) { return value.empty() ? "" : cli::shell_quoted(value); }

std::string variable_name(const std::string& platform, const std::string& field) {
    std::string name = platform + "_" + field;
    for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

std::string capitalised(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

// The record an unattended run would use: the default account, else the first one.
std::optional<vault::Record> record_for(const std::string& platform) {
    std::optional<vault::Record> record;
    services::check(services::vault().get(platform, "default", record));
    if (record) return record;
    std::vector<vault::RecordInfo> infos;
    services::check(services::vault().list(platform, infos));
    if (!infos.empty()) services::check(services::vault().get(platform, infos.front().identifier, record));
    return record;
}

}  // namespace

int unattended_format(const std::vector<std::string>& args, plugins::PluginRegistry& registry) {
    po::options_description options("Options");
    options.add_options()("platform", po::value<std::vector<std::string>>()->composing());
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    const auto& vm = *parsed;
    std::cerr << "WARNING: Output contains cleartext credentials. Do not pipe to logs or shared systems.\n";

    registry.load_all();
    std::vector<const plugins::CredentialExportInfo*> declared;
    for (const auto& entry : registry.platforms()) {
        for (const auto& exported : entry.plugin->info().credentials) {
            if (exported.platform == entry.platform().name) declared.push_back(&exported);
        }
    }
    const auto declaration_of = [&](const std::string& platform) -> const plugins::CredentialExportInfo* {
        for (const auto* d : declared) {
            if (d->platform == platform) return d;
        }
        return nullptr;
    };

    std::vector<std::string> platforms;
    const bool filtered = vm.count("platform") > 0;
    if (filtered) {
        platforms = vm["platform"].as<std::vector<std::string>>();
    } else {
        // Declared platforms in the plugins' order, then any other platform that has records.
        for (const auto* d : declared) platforms.push_back(d->platform);
        std::vector<vault::RecordInfo> infos;
        services::check(services::vault().list(std::nullopt, infos));
        std::set<std::string> others;
        for (const auto& info : infos) {
            if (std::find(platforms.begin(), platforms.end(), info.platform) == platforms.end()) others.insert(info.platform);
        }
        platforms.insert(platforms.end(), others.begin(), others.end());
    }

    std::string sections;
    for (const auto& platform : platforms) {
        vault::validate_platform(platform);
        const auto record = record_for(platform);
        if (!record || record->fields.empty()) continue;
        const auto* declaration = declaration_of(platform);
        sections += (sections.empty() ? "" : "\n") + std::string("# ") +
                    (declaration != nullptr && !declaration->title.empty() ? declaration->title : capitalised(platform)) +
                    "\n";
        if (declaration != nullptr) {
            // Every declared variable, in order, as the plugin reads them.
            for (const auto& [field, variable] : declaration->fields) {
                const auto* value = vault::find_field(record->fields, field);
                sections += variable + "=" + (value ? shell_value(value->text) : "") + "\n";
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
                 "# Use:\n"
                 "#   1. Store each NAME=value below as a secret of the CI system (never in the repository)\n"
                 "#   2. agoras reads them from the environment: no vault is needed on the runner\n\n";
    if (const auto dir = core::env("AGORAS_STORAGE_DIR")) std::cout << "# AGORAS_STORAGE_DIR=" << *dir << "\n\n";
    std::cout << sections;
    return 0;
}

}  // namespace agoras::host::commands::tokens
