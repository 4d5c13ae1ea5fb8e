#include "commands/help/reference.hpp"

#include "cli/command_context.hpp"
#include "cli/examples.hpp"
#include "commands/builtin_commands.hpp"
#include "cli/exit_codes.hpp"
#include "core/environment.hpp"

#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace agoras::host::commands {
namespace {

std::string option_notes(const plugins::OptionInfo& o) {
    std::vector<std::string> notes;
    if (o.required) notes.emplace_back("required");
    if (o.secret) notes.emplace_back("secret");
    if (o.type == AGORAS_OPTION_LIST) {
        notes.emplace_back(o.numbered_aliases > 0 ? "repeatable, also --" + o.name + "-1 … --" + o.name + "-" +
                                                        std::to_string(o.numbered_aliases)
                                                  : "repeatable");
    }
    if (o.text) notes.emplace_back("'-' reads stdin, or --" + o.name + "-file FILE");
    if (o.type == AGORAS_OPTION_FLAG) notes.emplace_back("flag");
    if (o.type == AGORAS_OPTION_INTEGER) notes.emplace_back("integer");
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : "; ") + n;
    return out;
}

std::string md_cell(std::string text) {
    for (std::size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2)) text.replace(at, 1, "\\|");
    return text;
}

// The variables plugins read: their settings, and each option's environment fallback.
std::map<std::string, std::string> plugin_variables(plugins::PluginRegistry& registry) {
    registry.load_all();
    std::map<std::string, std::string> vars;
    for (const auto& record : registry.records()) {
        if (record.plugin == nullptr) continue;
        for (const auto& setting : record.plugin->info().settings) {
            vars.emplace(setting.env_var, setting.help + (setting.default_value ? " (default " + *setting.default_value + ")" : ""));
        }
    }
    for (const auto& entry : registry.platforms()) {
        for (const auto& action : entry.platform().actions) {
            for (const auto& o : action.options) {
                if (!o.env_var) continue;
                auto& text = vars[*o.env_var];
                const std::string use = entry.platform().name + " " + action.name + " --" + o.name;
                if (text.empty()) text = "read by " + use;
                else if (text.rfind("read by ", 0) == 0 && text.find(use) == std::string::npos) text += ", " + use;
            }
        }
    }
    return vars;
}

// Man page text: roff escapes for backslashes, leading dots and dashes.
std::string roff(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
}

}  // namespace

std::string exit_codes_text() {
    std::ostringstream out;
    out << "Exit codes:\n";
    for (const auto& e : cli::exit_codes()) out << "  " << std::left << std::setw(5) << e.code << e.meaning << "\n";
    return out.str();
}

std::string environment_text(plugins::PluginRegistry& registry) {
    std::ostringstream out;
    out << "Environment variables of agoras:\n";
    for (const auto& v : core::host_variables()) out << "  " << std::left << std::setw(28) << v.name << " " << v.help << "\n";
    out << "\nEnvironment variables of the plugins (their settings, and the options they fall back to):\n";
    for (const auto& [name, help] : plugin_variables(registry)) out << "  " << std::left << std::setw(28) << name << " " << help << "\n";
    return out.str();
}

std::string reference_markdown(plugins::PluginRegistry& registry) {
    registry.load_all();
    std::ostringstream out;
    out << "# agoras reference\n\n"
        << "Every command, option and environment variable, generated from the declarations by `agoras help reference`\n"
        << "(`cmake --build --preset dev --target reference` rewrites this file; a test fails when it is stale).\n\n"
        << "```\nagoras [options] <platform>[:<account>] <action> [action options]\nagoras [options] <command> ...\n```\n\n"
        << "Global options (before the platform, or `-l` anywhere before `--`): `-h/--help`, `-V/--version`, "
           "`-l/--loglevel debug|info|warning|error|critical`, `-q/--quiet` (as `--loglevel error`), `--format json|text` and "
           "`--json` (results as JSON lines "
           "or readable lines; by default readable on a terminal, JSON otherwise).\n\n## Commands\n\n"
           "| command | what it does |\n|---|---|\n";
    for (const auto& c : builtin_commands()) out << "| `" << c.name << "` | " << md_cell(c.summary) << " |\n";
    out << "\n## Platforms\n";
    for (const auto& entry : registry.platforms()) {
        const auto& p = entry.platform();
        out << "\n### " << p.name << "\n\n" << p.help << " (plugin `" << entry.plugin->info().id << "`)\n";
        for (const auto& a : p.actions) {
            out << "\n#### `agoras " << p.name << " " << a.name << "`\n\n" << a.help << "\n\n";
            if (a.options.empty()) continue;
            out << "| option | environment | default | notes | meaning |\n|---|---|---|---|---|\n";
            for (const auto& o : a.options) {
                out << "| `--" << o.name << "` | " << (o.env_var ? "`" + *o.env_var + "`" : "") << " | "
                    << (o.default_value ? "`" + md_cell(*o.default_value) + "`" : "") << " | " << md_cell(option_notes(o)) << " | "
                    << md_cell(o.help) << " |\n";
            }
        }
    }
    out << "\n## Environment\n\n| variable | meaning |\n|---|---|\n";
    for (const auto& v : core::host_variables()) out << "| `" << v.name << "` | " << md_cell(v.help) << " |\n";
    for (const auto& [name, help] : plugin_variables(registry)) out << "| `" << name << "` | " << md_cell(help) << " |\n";
    out << "\n## Exit codes\n\n| code | meaning |\n|---|---|\n";
    for (const auto& e : cli::exit_codes()) out << "| " << e.code << " | " << md_cell(e.meaning) << " |\n";
    return out.str();
}

std::string reference_man_page(plugins::PluginRegistry& registry) {
    registry.load_all();
    std::ostringstream out;
    out << ".TH AGORAS 1 \"\" \"agoras " AGORAS_VERSION "\" \"User Commands\"\n"
        << ".SH NAME\nagoras \\- publish to social networks from the command line, from scripts and from CI\n"
        << ".SH SYNOPSIS\n.B agoras\n[\\fIoptions\\fR] \\fIplatform\\fR \\fIaction\\fR [\\fIaction options\\fR]\n.br\n"
        << ".B agoras\n[\\fIoptions\\fR] \\fIcommand\\fR ...\n"
        << ".SH DESCRIPTION\nEach platform is a plugin. Results go to standard output, one JSON object per line; logs "
           "and errors go to standard error. See also \\fBagoras help\\fR \\fItopic\\fR.\n"
        << ".SH OPTIONS\n.TP\n.B \\-h, \\-\\-help\nShow the help.\n.TP\n.B \\-V, \\-\\-version\nShow the version.\n.TP\n"
        << ".B \\-l, \\-\\-loglevel \\fIlevel\\fR\ndebug, info, warning, error or critical.\n"
        << ".TP\n.B \\-\\-format json|text, \\-\\-json\nResults as JSON lines or one readable line each; by default "
           "readable on a terminal, JSON otherwise.\n"
        << ".SH COMMANDS\n";
    for (const auto& c : builtin_commands()) out << ".TP\n.B " << c.name << "\n" << roff(c.summary) << "\n";
    out << ".SH PLATFORMS\n";
    for (const auto& entry : registry.platforms()) {
        const auto& p = entry.platform();
        out << ".SS " << p.name << "\n" << roff(p.help) << "\n";
        for (const auto& a : p.actions) {
            out << ".TP\n.B agoras " << p.name << " " << a.name << "\n" << roff(a.help) << "\n";
            for (const auto& o : a.options) {
                const std::string notes = option_notes(o);
                out << ".br\n\\fB\\-\\-" << roff(o.name) << "\\fR " << roff(o.help)
                    << (o.env_var ? " (" + roff(*o.env_var) + ")" : "") << (notes.empty() ? "" : " [" + roff(notes) + "]") << "\n";
            }
        }
    }
    out << ".SH ENVIRONMENT\n";
    for (const auto& v : core::host_variables()) out << ".TP\n.B " << roff(v.name) << "\n" << roff(v.help) << "\n";
    for (const auto& [name, help] : plugin_variables(registry)) out << ".TP\n.B " << roff(name) << "\n" << roff(help) << "\n";
    out << ".SH EXIT STATUS\n";
    for (const auto& e : cli::exit_codes()) out << ".TP\n.B " << e.code << "\n" << roff(e.meaning) << "\n";
    out << ".SH FILES\n";
    const std::pair<const char*, const char*> files[] = {
        {"~/.config/agoras/config.toml", "groups and per-platform defaults (agoras config); $XDG_CONFIG_HOME/agoras/ when set"},
        {"~/.agoras/tokens/vault.sqlite3", "the token vault, each record encrypted (AES-256-GCM); under $AGORAS_STORAGE_DIR when set"},
        {"~/.agoras/vault.key", "the vault's key (or $AGORAS_VAULT_KEY)"},
        {"~/.agoras/state/state.sqlite3", "the state store: the journal of what was published, feed caches; $AGORAS_STATE_DIR/state.sqlite3 "
                                         "when set, or PostgreSQL with $AGORAS_STATE_URL"},
        {"~/.local/share/agoras/plugins/", "the user's plugins, found before the installed ones ($XDG_DATA_HOME/agoras/plugins/ when "
                                           "set; $AGORAS_PLUGIN_PATH adds more)"},
        {"<prefix>/lib/agoras/plugins/", "the installed plugins, next to the program"},
    };
    for (const auto& [path, what] : files) out << ".TP\n.I " << roff(path) << "\n" << roff(what) << "\n";
    out << ".SH EXAMPLES\n";
    for (const auto& example : cli::all_command_examples()) out << ".PP\n.nf\n" << roff(example) << "\n.fi\n";
    out << ".SH SEE ALSO\nThe README and docs/ of agoras, and \\fBagoras help reference\\fR.\n";
    return out.str();
}

}  // namespace agoras::host::commands
