#include "commands/help/completion.hpp"

#include "cli/command_context.hpp"
#include "commands/builtin_commands.hpp"

#include <map>
#include <sstream>
#include <vector>

namespace agoras::host::commands {
namespace {

// The built-in commands' second words, and the options of the ones that take options directly.
const std::map<std::string, std::string>& builtin_words() {
    static const std::map<std::string, std::string> words = {
        {"post", "--to --text --text-file --text-for --link --image --alt-text --video --idempotency-key --thread --skip-unfit --dry-run --help"},
        {"auth", "status"},
        {"config", "list get set"},
        {"plugins", "list"},
        {"utils", "tokens media-limits feed-publish schedule-run"},
        {"help", "environment exit-codes reference man"},
        {"completion", "bash zsh fish"},
    };
    return words;
}

// Options whose value is a file name.
constexpr const char* kFileOptions = "--text-file|--image|--video|--video-url|--schedule-file|--from";

std::string options_of(const plugins::ActionInfo& action) {
    std::string out;
    for (const auto& o : action.options) {
        out += "--" + o.name + " ";
        if (o.text) out += "--" + o.name + "-file ";
    }
    return out + "--help";
}

std::string bash(plugins::PluginRegistry& registry) {
    const auto platforms = registry.platforms();
    std::string first_words = "-h --help -V --version -l --loglevel -q --quiet --json --jq --format --state-url";
    for (const auto& entry : platforms) first_words += " " + entry.platform->name;
    for (const auto& c : builtin_commands()) first_words += std::string(" ") + c.name;
    std::ostringstream out;
    out << "# bash completion for agoras, made by 'agoras completion bash' from the installed plugins.\n"
        << "_agoras() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words=() i\n"
        << "    case $prev in\n"
        << "        -l|--loglevel) COMPREPLY=($(compgen -W \"debug info warning error critical\" -- \"$cur\")); return;;\n"
        << "        " << kFileOptions << ") COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n"
        << "    esac\n"
        << "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "        case ${COMP_WORDS[i]} in\n"
        << "            -l|--loglevel) ((i++));;\n"
        << "            -*) ;;\n"
        << "            *) words+=(\"${COMP_WORDS[i]}\");;\n"
        << "        esac\n"
        << "    done\n"
        << "    local candidates=\n"
        << "    case ${#words[@]} in\n"
        << "        0) candidates=\"" << first_words << "\";;\n"
        << "        1) case ${words[0]} in\n";
    for (const auto& entry : platforms) {
        std::string actions;
        for (const auto& a : entry.platform->actions) actions += a.name + " ";
        out << "               " << entry.platform->name << ") candidates=\"" << actions << "--help\";;\n";
    }
    for (const auto& [command, words] : builtin_words()) out << "               " << command << ") candidates=\"" << words << "\";;\n";
    out << "           esac;;\n"
        << "        *) case \"${words[0]} ${words[1]}\" in\n";
    for (const auto& entry : platforms) {
        for (const auto& a : entry.platform->actions) {
            out << "               \"" << entry.platform->name << " " << a.name << "\") candidates=\"" << options_of(a) << "\";;\n";
        }
    }
    out << "               \"post \"*) candidates=\"" << builtin_words().at("post") << "\";;\n"
        << "           esac;;\n"
        << "    esac\n"
        << "    COMPREPLY=($(compgen -W \"$candidates\" -- \"$cur\"))\n"
        << "}\n"
        << "complete -F _agoras agoras\n";
    return out.str();
}

std::string fish(plugins::PluginRegistry& registry) {
    std::ostringstream out;
    out << "# fish completion for agoras, made by 'agoras completion fish' from the installed plugins.\n"
        << "complete -c agoras -f\n"
        << "complete -c agoras -s l -l loglevel -x -a 'debug info warning error critical'\n"
        << "complete -c agoras -s q -l quiet -d 'only errors on stderr'\n"
        << "complete -c agoras -l json -d 'results as JSON lines'\n"
        << "complete -c agoras -l format -x -a 'json text'\n";
    for (const auto& entry : registry.platforms()) {
        const auto& p = *entry.platform;
        out << "complete -c agoras -n __fish_use_subcommand -a " << p.name << " -d '" << p.name << "'\n";
        for (const auto& a : p.actions) {
            out << "complete -c agoras -n '__fish_seen_subcommand_from " << p.name << "; and not __fish_seen_subcommand_from";
            for (const auto& other : p.actions) out << " " << other.name;
            out << "' -a " << a.name << "\n";
            for (const auto& o : a.options) {
                out << "complete -c agoras -n '__fish_seen_subcommand_from " << p.name << "; and __fish_seen_subcommand_from "
                    << a.name << "' -l " << o.name << (o.type == AGORAS_OPTION_FLAG ? "" : " -r") << "\n";
            }
        }
    }
    for (const auto& [command, words] : builtin_words()) {
        out << "complete -c agoras -n __fish_use_subcommand -a " << command << "\n";
        if (words.rfind("--", 0) == 0) continue;
        out << "complete -c agoras -n '__fish_seen_subcommand_from " << command << "' -a '" << words << "'\n";
    }
    return out.str();
}

}  // namespace

std::string completion_script(plugins::PluginRegistry& registry, const std::string& shell) {
    registry.load_all();
    if (shell == "fish") return fish(registry);
    if (shell == "zsh") {
        return "# zsh completion for agoras, through zsh's bash completion layer.\n"
               "autoload -U +X bashcompinit && bashcompinit\n" + bash(registry);
    }
    return bash(registry);
}

}  // namespace agoras::host::commands
