#include "commands/plugins/plugins_command.hpp"

#include "cli/examples.hpp"
#include "cli/strict_parse.hpp"
#include "output/result_output.hpp"
#include "status_error.hpp"

#include <agoras/json_object.hpp>

#include <iostream>

namespace agoras::host::commands {
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: agoras plugins list\n\n"
    "Lists every plugin file in the search path, one JSON object per line on stdout:\n"
    "path, status (loaded or skipped), id, name, version, abi, platforms, reason when skipped, and\n"
    "shadows: the files of the same name later in the search path that this one hides.\n"
    "Search path: $AGORAS_PLUGIN_PATH, then the per-user directory, then lib/agoras/plugins next to the program.\n";

int list_plugins(cli::CommandContext& context) {
    context.registry.load_all();
    for (const auto& record : context.registry.records()) {
        JsonObject line;
        line.add("path", record.path.string());
        line.add("status", record.skip_reason.empty() ? "loaded" : "skipped");
        // A loaded plugin's summary (from the declaration cache, without completing it), else what was read.
        if (const plugins::PluginInfo* listed = record.plugin != nullptr ? &record.plugin->summary() : record.info ? &*record.info : nullptr) {
            const auto& info = *listed;
            if (!info.id.empty()) line.add("id", info.id).add("name", info.name).add("version", info.version);
            line.add("abi", std::to_string(info.abi_major) + "." + std::to_string(info.abi_minor));
            std::vector<std::string> platforms;
            for (const auto& platform : info.platforms) platforms.push_back(platform.name);
            line.add("platforms", Json::array_of(platforms));
        }
        if (!record.skip_reason.empty()) line.add("reason", record.skip_reason);
        if (!record.shadows.empty()) {
            std::vector<std::string> hidden;
            for (const auto& path : record.shadows) hidden.push_back(path.string());
            line.add("shadows", Json::array_of(hidden));
        }
        output::emit_result(line.str());
    }
    std::vector<std::string> directories;
    for (const auto& directory : context.registry.search_path().directories) directories.push_back(directory.string());
    if (context.registry.records().empty()) {
        std::cerr << "agoras: no plugins found in " << Json::array_of(directories).serialize() << "\n";
    }
    return 0;
}

}  // namespace

int run_plugins_command(cli::CommandContext& context) {
    auto& args = context.args;
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    if (args[0] != "list") throw usage_error("unknown plugins command '" + args[0] + "' (try 'agoras plugins --help')");
    output::results_are_read_only();
    po::options_description options("Options");
    options.add_options()("help,h", "show this help");
    if (cli::strict_parse({args.begin() + 1, args.end()}, options).count("help") > 0) {
        std::cout << kUsage;
        cli::print_examples(std::cout, cli::command_examples("plugins"));
        return 0;
    }
    return list_plugins(context);
}

}  // namespace agoras::host::commands
