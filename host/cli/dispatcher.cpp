#include "cli/dispatcher.hpp"

#include "cli/action_options.hpp"
#include "cli/argv_split.hpp"
#include "cli/command_context.hpp"
#include "cli/core_dumps.hpp"
#include "cli/help.hpp"
#include "cli/strict_parse.hpp"
#include "cli/suggest.hpp"
#include "config/config_file.hpp"
#include "log/logging.hpp"
#include "log/progress.hpp"
#include "log/redactor.hpp"
#include "output/result_output.hpp"
#include "plugins/crash_guard.hpp"
#include "plugins/plugin_registry.hpp"
#include "publish/targets.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

namespace agoras::host::cli {
namespace po = boost::program_options;

namespace {

po::options_description global_options() {
    po::options_description options("Options", 100, 50);
    options.add_options()                                  //
        ("help,h", "show this help")                       //
        ("version,V", "print the version and exit")        //
        ("loglevel,l", po::value<std::string>()->value_name("LEVEL"),
         "debug, info, warning, error or critical (default info)")  //
        ("quiet,q", "only errors on stderr (as --loglevel error): no progress, no information")  //
        ("format", po::value<std::string>()->value_name("FORMAT"),
         "results as json (one object per line) or text (one readable line each); default: text on a terminal, json "
         "otherwise")  //
        ("json", po::value<std::string>()->implicit_value("")->value_name("FIELDS"),
         "the same as --format json; --json=id,url (or --json id,url after the action) keeps those fields")  //
        ("jq", po::value<std::string>()->value_name("EXPR"),
         "filter each result with jq (strings printed as they are), as gh --jq does")  //
        ("state-url", po::value<std::string>()->value_name("URL"),
         "keep the state store in PostgreSQL (postgresql://...), as AGORAS_STATE_URL does");
    return options;
}

void print_error(const std::string& message) {
    log::end_progress();
    std::cerr << "agoras: " << log::printable(log::redact(message)) << "\n";
}

// The help that fits the command line parsed so far, named after a usage error.
std::string usage_hint = "agoras --help";

// Whether `token` is one of the action's options that takes a value (--text, --image-2, --text-file).
bool takes_value(const plugins::ActionInfo& action, const std::string& token) {
    if (token.rfind("--", 0) != 0 || token.find('=') != std::string::npos) return false;
    std::string name = token.substr(2);
    if (const auto* option = action.find_option(name)) return option->type != AGORAS_OPTION_FLAG;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, "-file") == 0) return action.find_option(name.substr(0, name.size() - 5)) != nullptr;
    const auto dash = name.find_last_of('-');
    return dash != std::string::npos && name.find_first_not_of("0123456789", dash + 1) == std::string::npos &&
           action.find_option(name.substr(0, dash)) != nullptr;
}

// Whether `word` is a list of result fields, as --json takes them: "id,url".
bool is_field_list(const std::string& word) {
    if (word.empty() || word.front() == ',' || word.back() == ',' || word.find(",,") != std::string::npos) return false;
    return word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-,") == std::string::npos &&
           word.front() != '-';
}

// --json FIELDS and --jq EXPR: how results are shaped (output::select_fields, output::set_result_filter). The
// filter is compiled now, so that a broken one is a usage error before anything is published.
void shape_results(const std::string& fields, const std::optional<std::string>& jq_expression) {
    if (!fields.empty()) {
        if (!is_field_list(fields)) throw usage_error("--json takes result fields separated by commas (id,url), not '" + fields + "'");
        std::vector<std::string> names;
        for (std::size_t at = 0; at <= fields.size();) {
            const auto comma = std::min(fields.find(',', at), fields.size());
            names.push_back(fields.substr(at, comma - at));
            at = comma + 1;
        }
        output::select_fields(std::move(names));
    }
    if (jq_expression) {
        services::check(services::jq().compile(*jq_expression));
        output::set_result_filter([](const std::string& json, std::vector<std::string>& lines, std::string& error) {
            const auto outcome = services::jq().apply(json, lines);
            error = outcome.message;
            return outcome.ok();
        });
    }
}

// The action's arguments without `--json [FIELDS]` and `--jq EXPR` (as gh takes them after the command too): the
// format is set, and a word is kept where it is the value of an option ("--text --json" posts the text "--json").
std::vector<std::string> without_output_options(const plugins::ActionInfo& action, const std::vector<std::string>& args) {
    std::vector<std::string> kept;
    std::string fields;
    std::optional<std::string> jq_expression;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool is_value = i > 0 && !kept.empty() && kept.back() == args[i - 1] && takes_value(action, args[i - 1]);
        const std::string& word = args[i];
        if (!is_value && action.find_option("json") == nullptr && (word == "--json" || word.rfind("--json=", 0) == 0)) {
            output::set_format(output::Format::json);
            if (word != "--json") {
                fields = word.substr(7);
            } else if (i + 1 < args.size() && is_field_list(args[i + 1])) {
                fields = args[++i];  // an action takes no bare words, so this one is the field list
            }
            continue;
        }
        if (!is_value && action.find_option("jq") == nullptr && (word == "--jq" || word.rfind("--jq=", 0) == 0)) {
            if (word != "--jq") {
                jq_expression = word.substr(5);
            } else if (i + 1 < args.size()) {
                jq_expression = args[++i];
            } else {
                throw usage_error("--jq needs an expression");
            }
            continue;
        }
        kept.push_back(word);
    }
    shape_results(fields, jq_expression);
    return kept;
}

int run_platform(plugins::PluginRegistry& registry, const std::vector<std::string>& command, const BuiltinCommands& builtins) {
    // PLATFORM, or PLATFORM:ACCOUNT to act as another vault account than the platform's default (as --to names it).
    const auto [named, account] = publish::split_target(command[0]);
    const auto entry = registry.find_platform(named);
    const std::string name = entry ? entry->platform().name : named;  // an alias runs as its platform
    if (!entry) {
        for (const auto& crashed : plugins::crashed_plugins_from_environment()) {
            if (plugins::file_name_matches_platform(crashed.path, name)) {
                throw StatusError(AGORAS_ERR_PLUGIN, "the plugin for '" + name + "' (" + crashed.path +
                                                         ") crashed while loading with " +
                                                         plugins::describe_signal(crashed.signal_number));
            }
        }
        std::vector<std::string> words = registry.platform_names();
        std::string known;
        for (const auto& platform_name : words) known += (known.empty() ? "" : ", ") + platform_name;
        for (const auto& builtin : builtins) words.emplace_back(builtin.name);
        throw usage_error("unknown command or platform '" + name + "'" + did_you_mean(name, words) +
                          " (available platforms: " + (known.empty() ? "none" : known) + "; see 'agoras --help')");
    }
    const auto& platform = entry->platform();
    usage_hint = "agoras " + name + " --help";
    if (command.size() < 2 || command[1] == "-h" || command[1] == "--help") {
        print_platform_help(command.size() < 2 ? std::cerr : std::cout, platform, entry->plugin->info());
        if (command.size() < 2) throw usage_error("missing action for '" + name + "'");
        return 0;
    }
    const std::string& action_name = command[1];
    const auto* action = platform.find_action(action_name);
    if (action == nullptr) {
        std::string known;
        std::vector<std::string> words;
        for (const auto& a : platform.actions) {
            known += (known.empty() ? "" : ", ") + a.name;
            words.push_back(a.name);
        }
        throw usage_error("unknown action '" + action_name + "' for " + name + did_you_mean(action_name, words) +
                          " (actions: " + known + ")");
    }
    usage_hint = "agoras " + name + " " + action_name + " --help";
    if (!account.empty() && action_name == "authorize") {
        throw usage_error("authorize adds an account: run 'agoras " + name + " authorize' without one");
    }
    const plugins::ActionInfo for_run = publish::for_account(*action, *entry, account);
    const auto parsed = parse_action_options(for_run, without_output_options(for_run, {command.begin() + 2, command.end()}),
                                             config::load().defaults[name]);
    if (parsed.help) {
        print_action_help(std::cout, platform, *action);
        return 0;
    }
    forbid_core_dumps();  // from here on the process holds secrets
    if (!account.empty()) publish::require_account(*entry, command[0], name, account);
    spdlog::debug("running {} {} with plugin {}", name, action_name, entry->plugin->info().id);
    std::string error_message;
    const agoras_status status = entry->plugin->run(name, action_name, parsed.values, error_message, plugins::stdout_sink(), account);
    if (status != AGORAS_OK) {
        throw StatusError(status, error_message.empty() ? name + " " + action_name + " failed" : error_message);
    }
    return 0;
}

// `agoras --json id,url telegram post`: a bare --json before the command takes the next word as its fields when
// the word after that is a command and that word is none (--json=id,url says it without guessing).
bool json_fields_before_command(const SplitArgs& split, plugins::PluginRegistry& registry,
                                const BuiltinCommands& builtins) {
    if (split.global.empty() || split.global.back() != "--json" || split.command.size() < 2 ||
        !is_field_list(split.command[0])) {
        return false;
    }
    const auto is_command = [&](const std::string& word) {
        for (const auto& builtin : builtins) {
            if (word == builtin.name) return true;
        }
        return registry.find_platform(word).has_value();
    };
    return !is_command(split.command[0]) && is_command(split.command[1]);
}

int dispatch(const std::vector<std::string>& args, const BuiltinCommands& builtins) {
    const auto globals = global_options();
    SplitArgs split = split_args(args, globals);
    const auto vm = strict_parse(split.global, globals);

    auto level = spdlog::level::info;
    if (vm.count("loglevel") > 0) {
        const auto& text = vm["loglevel"].as<std::string>();
        const auto parsed = log::parse_level(text);
        if (!parsed) {
            throw usage_error("invalid log level '" + text + "' (choose debug, info, warning, error or critical)");
        }
        level = *parsed;
    }
    if (vm.count("quiet") > 0) {
        if (vm.count("loglevel") > 0) throw usage_error("--quiet and --loglevel say different things: give one");
        level = spdlog::level::err;
    }
    log::setup(level);
    if (vm.count("json") > 0) output::set_format(output::Format::json);
    shape_results(vm.count("json") > 0 ? vm["json"].as<std::string>() : "",
                  vm.count("jq") > 0 ? std::optional<std::string>(vm["jq"].as<std::string>()) : std::nullopt);
    if (vm.count("format") > 0) {
        const auto& format = vm["format"].as<std::string>();
        if (format != "json" && format != "text") throw usage_error("--format must be json or text, not '" + format + "'");
        if (vm.count("json") > 0 && format != "json") throw usage_error("--json and --format text contradict each other");
        output::set_format(format == "json" ? output::Format::json : output::Format::text);
    }

    // The state store is opened (by the services library) only when a command needs it.
    if (vm.count("state-url") > 0) ::setenv("AGORAS_STATE_URL", vm["state-url"].as<std::string>().c_str(), 1);
    if (vm.count("version") > 0) {
        output::results_are_read_only();
        std::cout << "agoras " AGORAS_VERSION "\n";
        return 0;
    }
    plugins::PluginRegistry registry(plugins::default_search_path());
    if (json_fields_before_command(split, registry, builtins)) {
        shape_results(split.command.front(), std::nullopt);
        split.command.erase(split.command.begin());
    }
    if (vm.count("help") > 0 || split.command.empty()) {
        output::results_are_read_only();
        registry.load_all();
        print_main_help(std::cout, globals, registry, builtins);
        return 0;
    }
    for (const auto& builtin : builtins) {
        if (split.command[0] == builtin.name) {
            // Commands that only print (help, version, completion scripts) end quietly at a closed pipe too.
            const std::string name = builtin.name;
            if (name == "help" || name == "version" || name == "completion") output::results_are_read_only();
            if (builtin.handles_secrets) forbid_core_dumps();
            usage_hint = std::string("agoras ") + builtin.name + " --help";
            CommandContext context{registry, {split.command.begin() + 1, split.command.end()}};
            return builtin.run(context);
        }
    }
    return run_platform(registry, split.command, builtins);
}

}  // namespace

int run(int argc, char** argv, const BuiltinCommands& builtins) {
    plugins::remember_command_line(argc, argv);
    int exit_code = AGORAS_ERR_GENERIC;
    try {
        exit_code = dispatch({argv + 1, argv + argc}, builtins);
    } catch (const StatusError& e) {
        print_error(e.what());
        if (e.status() == AGORAS_ERR_USAGE) std::cerr << "agoras: see '" << usage_hint << "'\n";
        exit_code = e.status();
    } catch (const std::exception& e) {
        print_error(std::string("unexpected error: ") + e.what());
    }
    log::end_progress();
    // Output that could not be written is a failure even when the command itself succeeded.
    if (!output::finish_stdout() && exit_code == AGORAS_OK) exit_code = AGORAS_ERR_GENERIC;
    return exit_code;
}

}  // namespace agoras::host::cli
