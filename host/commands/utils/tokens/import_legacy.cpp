// `agoras utils tokens import-legacy`: the Python original's store into the vault (vault/legacy_import.hpp).
#include "commands/utils/tokens/tokens_args.hpp"
#include "services/backend_loader.hpp"

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

}  // namespace agoras::host::commands::tokens
