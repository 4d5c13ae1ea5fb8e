#include "commands/help/help_command.hpp"

#include "cli/help.hpp"
#include "commands/help/completion.hpp"
#include "commands/help/reference.hpp"
#include "output/result_output.hpp"
#include "status_error.hpp"

#include <iostream>

namespace agoras::host::commands {
namespace {

constexpr const char* kTopics =
    "Usage: agoras help <topic>\n\n"
    "Topics:\n"
    "  environment   every environment variable: agoras's and its plugins'\n"
    "  exit-codes    what each exit code means\n"
    "  reference     every command, option and variable, as Markdown (docs/reference.md)\n"
    "  man           the manual page agoras(1), as roff (man -l <(agoras help man))\n"
    "  <platform>    the same as 'agoras <platform> --help'\n";

}  // namespace

int run_help_command(cli::CommandContext& context) {
    if (context.args.empty() || context.args[0] == "-h" || context.args[0] == "--help") {
        std::cout << kTopics;
        return 0;
    }
    const std::string topic = context.args[0];
    if (topic == "environment") std::cout << environment_text(context.registry);
    else if (topic == "exit-codes") std::cout << exit_codes_text();
    else if (topic == "reference") std::cout << reference_markdown(context.registry);
    else if (topic == "man") std::cout << reference_man_page(context.registry);
    else if (const auto entry = context.registry.find_platform(topic)) {
        cli::print_platform_help(std::cout, entry->platform(), entry->plugin->info());
    } else {
        throw usage_error("no help topic '" + topic + "' (topics: environment, exit-codes, reference, man, or a platform)");
    }
    return 0;
}

int run_completion_command(cli::CommandContext& context) {
    const std::string shell = context.args.empty() ? "" : context.args[0];
    if (shell == "-h" || shell == "--help" || shell.empty()) {
        (shell.empty() ? std::cerr : std::cout)
            << "Usage: agoras completion bash|zsh|fish\n\nPrints a completion script for the shell, made from the installed "
               "plugins' declarations:\n  bash: source <(agoras completion bash)\n  zsh:  source <(agoras completion zsh)\n"
               "  fish: agoras completion fish | source\n";
        return shell.empty() ? AGORAS_ERR_USAGE : 0;
    }
    if (shell == "targets") {  // what the scripts offer after --to, read when the user presses Tab
        output::results_are_read_only();
        for (const auto& word : completion_targets(context.registry)) std::cout << word << "\n";
        return 0;
    }
    if (shell != "bash" && shell != "zsh" && shell != "fish") throw usage_error("completion for bash, zsh or fish, not '" + shell + "'");
    std::cout << completion_script(context.registry, shell);
    return 0;
}

}  // namespace agoras::host::commands
