#include "commands/help/completion.hpp"

#include "cli/command_context.hpp"
#include "commands/builtin_commands.hpp"
#include "config/config_file.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <algorithm>
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
    for (const auto& entry : platforms) first_words += " " + entry.summary().name;
    for (const auto& c : builtin_commands()) first_words += std::string(" ") + c.name;
    std::ostringstream out;
    out << "# bash completion for agoras, made by 'agoras completion bash' from the installed plugins.\n"
        << "_agoras() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} words=() i\n"
        << "    case $prev in\n"
        << "        -l|--loglevel) COMPREPLY=($(compgen -W \"debug info warning error critical\" -- \"$cur\")); return;;\n"
        << "        " << kFileOptions << ") COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n"
        << "        --to|--network) COMPREPLY=($(compgen -W \"$(agoras completion targets 2>/dev/null)\" -- \"$cur\")); return;;\n"
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
        for (const auto& a : entry.platform().actions) actions += a.name + " ";
        out << "               " << entry.platform().name << ") candidates=\"" << actions << "--help\";;\n";
    }
    for (const auto& [command, words] : builtin_words()) out << "               " << command << ") candidates=\"" << words << "\";;\n";
    out << "           esac;;\n"
        << "        *) case \"${words[0]} ${words[1]}\" in\n";
    for (const auto& entry : platforms) {
        for (const auto& a : entry.platform().actions) {
            out << "               \"" << entry.platform().name << " " << a.name << "\") case $prev in\n";
            for (const auto& o : a.options) {
                if (o.choices.empty()) continue;
                std::string choices;
                for (const auto& choice : o.choices) choices += (choices.empty() ? "" : " ") + choice;
                out << "                   --" << o.name << ") candidates=\"" << choices << "\";;\n";
            }
            out << "                   *) candidates=\"" << options_of(a) << "\";;\n"
                << "               esac;;\n";
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
        const auto& p = entry.platform();
        out << "complete -c agoras -n __fish_use_subcommand -a " << p.name << " -d '" << p.name << "'\n";
        for (const auto& a : p.actions) {
            out << "complete -c agoras -n '__fish_seen_subcommand_from " << p.name << "; and not __fish_seen_subcommand_from";
            for (const auto& other : p.actions) out << " " << other.name;
            out << "' -a " << a.name << "\n";
            for (const auto& o : a.options) {
                out << "complete -c agoras -n '__fish_seen_subcommand_from " << p.name << "; and __fish_seen_subcommand_from "
                    << a.name << "' -l " << o.name << (o.type == AGORAS_OPTION_FLAG ? "" : " -r");
                if (!o.choices.empty()) {
                    out << " -x -a '";
                    for (std::size_t i = 0; i < o.choices.size(); ++i) out << (i ? " " : "") << o.choices[i];
                    out << "'";
                }
                out << "\n";
            }
        }
    }
    out << "complete -c agoras -n '__fish_seen_subcommand_from post' -l to -x -a '(agoras completion targets 2>/dev/null)'\n";
    for (const auto& [command, words] : builtin_words()) {
        out << "complete -c agoras -n __fish_use_subcommand -a " << command << "\n";
        if (words.rfind("--", 0) == 0) continue;
        out << "complete -c agoras -n '__fish_seen_subcommand_from " << command << "' -a '" << words << "'\n";
    }
    return out.str();
}

}  // namespace

std::vector<std::string> completion_targets(plugins::PluginRegistry& registry) {
    std::vector<std::string> words = registry.platform_names();
    std::vector<vault::RecordInfo> records;
    // Identifiers are not secrets; a vault that cannot be read offers none (completion must never fail loudly).
    if (services::vault().list(std::nullopt, records).ok()) {
        for (const auto& record : records) {
            if (std::find(words.begin(), words.end(), record.platform) != words.end()) {
                words.push_back(record.platform + ":" + record.identifier);
            }
        }
    }
    try {
        for (const auto& [group, targets] : config::load().groups) words.push_back("@" + group);
    } catch (const StatusError&) {
    }
    return words;
}

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
