// `agoras utils tokens import-legacy`: the Python original's store into the vault (vault/legacy_import.hpp);
// `copy-to-shared`: this machine's vault into the shared one (AGORAS_VAULT_URL).
#include "commands/utils/tokens/tokens_args.hpp"
#include "services/backend_loader.hpp"

#include <agoras/json.hpp>

namespace agoras::host::commands::tokens {

int import_legacy(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("from", po::value<std::string>())("overwrite", "replace records that already exist");
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    int exit_code = 0;
    std::cout.flush();  // the services library prints to the same stream; keep the order
    services::check(services::vault().import_legacy(optional_arg(*parsed, "from"), parsed->count("overwrite") > 0,
                                                      exit_code));
    return exit_code;
}

int copy_to_shared(const std::vector<std::string>& args) {
    po::options_description options("Options");
    options.add_options()("overwrite", "replace records the shared vault already holds");
    const auto parsed = parse(args, options);
    if (!parsed) return 0;
    std::vector<vault::RecordInfo> copied, kept;
    services::check(services::vault().copy_to_shared(parsed->count("overwrite") > 0, copied, kept));
    for (const auto* list : {&copied, &kept}) {
        for (const auto& info : *list) {
            std::cout << Json::object()
                             .set("platform", info.platform)
                             .set("identifier", info.identifier)
                             .set("copied", list == &copied)
                             .serialize()
                      << "\n";
        }
    }
    if (!kept.empty()) std::cerr << "agoras: " << kept.size() << " record(s) already in the shared vault were kept (--overwrite replaces them)\n";
    return 0;
}

}  // namespace agoras::host::commands::tokens
