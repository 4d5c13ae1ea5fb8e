#include "cli/help.hpp"

#include "cli/action_options.hpp"
#include "cli/command_context.hpp"
#include "cli/examples.hpp"
#include "cli/exit_codes.hpp"
#include "core/environment.hpp"

#include <iomanip>

namespace agoras::host::cli {

namespace {

void print_row(std::ostream& out, const std::string& name, const std::string& text, int width = 14) {
    out << "  " << std::left << std::setw(width) << name << " " << text << "\n";
}

}  // namespace

void print_main_help(std::ostream& out, const boost::program_options::options_description& globals,
                     const plugins::PluginRegistry& registry, const BuiltinCommands& builtins) {
    out << "agoras " AGORAS_VERSION " - publish to social networks from the command line\n\n"
        << "Usage:\n"
        << "  agoras [options] <platform>[:<account>] <action> [action options]\n"
        << "  agoras [options] <command> ...\n\n"
        << globals << "\n";
    out << "Platforms:\n";
    const auto platforms = registry.platforms();
    if (platforms.empty()) out << "  (none: no plugin was found; see 'agoras plugins list')\n";
    for (const auto& entry : platforms) print_row(out, entry.summary().name, entry.summary().help);
    out << "\nCommands:\n";
    for (const auto& command : builtins) print_row(out, command.name, command.summary);
    out << "\nEnvironment:\n";
    for (const auto& variable : core::host_variables()) {
        if (std::string(variable.help).rfind("internal:", 0) != 0) print_row(out, variable.name, variable.help, 24);
    }
    out << "  and each platform's own (agoras <platform> --help)\n";
    out << "\nExit codes:";
    for (const auto& e : exit_codes()) out << (e.code == 0 ? " " : ", ") << e.code;
    out << " ('agoras help exit-codes' says what each means)\n";
    print_examples(out, {"agoras threads authorize", "agoras threads post --text \"Hello from agoras\"",
                         "agoras post --to threads,bluesky,mastodon --text \"Hello, everyone\" --json id,url"});
    out << "\nRun 'agoras <platform> --help' for a platform's actions, 'agoras help' for more.\n";
}

void print_platform_help(std::ostream& out, const plugins::PlatformInfo& platform, const plugins::PluginInfo& plugin) {
    out << "Usage: agoras " << platform.name << " <action> [options]\n\n" << platform.help << "\n";
    for (const auto& alias : platform.aliases) out << "(Also runs as '" << alias << "', a deprecated name.)\n";
    out << "\nActions:\n";
    for (const auto& action : platform.actions) print_row(out, action.name, action.help);
    if (!plugin.settings.empty()) {
        out << "\nEnvironment (plugin " << plugin.id << "):\n";
        for (const auto& setting : plugin.settings) {
            print_row(out, setting.env_var, setting.help + (setting.default_value ? " (default " + *setting.default_value + ")" : ""),
                      28);
        }
    }
    std::vector<std::string> examples;
    for (const auto& action : platform.actions) {
        if (action.name == "post" || action.name == "whoami") examples.push_back(action_examples(platform, action).front());
    }
    print_examples(out, examples);
    out << "\nRun 'agoras " << platform.name << " <action> --help' for an action's options.\n";
}

void print_action_help(std::ostream& out, const plugins::PlatformInfo& platform, const plugins::ActionInfo& action) {
    out << "Usage: agoras " << platform.name << " " << action.name << " [options]\n\n"
        << action.help << "\n\n"
        << describe_action(action);
    print_examples(out, action_examples(platform, action));
}

}  // namespace agoras::host::cli
