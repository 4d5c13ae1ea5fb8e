#include "cli/action_options.hpp"

#include "cli/secret_prompt.hpp"
#include "cli/strict_parse.hpp"
#include "cli/utf8.hpp"
#include "log/redactor.hpp"
#include "status_error.hpp"

#include <boost/program_options/value_semantic.hpp>
#include <boost/program_options/variables_map.hpp>

#include <cstdlib>

namespace agoras::host::cli {
namespace po = boost::program_options;
using plugins::ActionInfo;
using plugins::OptionInfo;

namespace {

std::string annotated_help(const OptionInfo& option) {
    std::string notes;
    auto note = [&](const std::string& text) { notes += (notes.empty() ? "" : "; ") + text; };
    if (option.required) note("required");
    if (option.env_var) note("env " + *option.env_var);
    if (option.default_value) note("default " + *option.default_value);
    if (option.secret) note("secret");
    return notes.empty() ? option.help : option.help + " (" + notes + ")";
}

bool is_integer(const std::string& text) {
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    std::strtoll(text.c_str(), &end, 10);
    return errno == 0 && *end == '\0';
}

std::optional<std::string> from_environment(const OptionInfo& option) {
    if (!option.env_var) return std::nullopt;
    const char* value = std::getenv(option.env_var->c_str());
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

}  // namespace

po::options_description describe_action(const ActionInfo& action) {
    po::options_description description("Options", 100, 50);
    description.add_options()("help,h", "show this help");
    for (const auto& option : action.options) {
        const std::string help = annotated_help(option);
        if (option.type == AGORAS_OPTION_FLAG) {
            description.add_options()(option.name.c_str(), help.c_str());
        } else {
            const char* value_name = option.type == AGORAS_OPTION_INTEGER ? "N" : "VALUE";
            description.add_options()(option.name.c_str(), po::value<std::string>()->value_name(value_name),
                                      help.c_str());
        }
    }
    return description;
}

ParsedAction parse_action_options(const ActionInfo& action, const std::vector<std::string>& tokens) {
    const po::variables_map given = strict_parse(tokens, describe_action(action));
    ParsedAction parsed;
    if (given.count("help") > 0) {
        parsed.help = true;
        return parsed;
    }
    for (const auto& option : action.options) {
        std::optional<std::string> value;
        if (given.count(option.name) > 0) {
            value = option.type == AGORAS_OPTION_FLAG ? "true" : given[option.name].as<std::string>();
            if (value->empty()) value.reset();  // as the original: an empty value falls back to the environment
        }
        if (!value) value = from_environment(option);
        if (!value && option.default_value) value = option.default_value;
        if (!value && option.required && option.secret) value = prompt_secret(option.name);
        if (!value) {
            if (option.required) {
                throw usage_error("the option '--" + option.name + "' is required but missing" +
                                  (option.env_var ? " (or set " + *option.env_var + ")" : ""));
            }
            continue;
        }
        if (!is_valid_utf8(*value)) {
            throw usage_error("the option '--" + option.name + "' is not valid UTF-8 text");
        }
        if (option.type == AGORAS_OPTION_INTEGER && !is_integer(*value)) {
            throw usage_error("the option '--" + option.name + "' needs a whole number, not '" +
                              (option.secret ? std::string(log::kRedacted) : *value) + "'");
        }
        if (option.secret) log::add_secret(*value);
        parsed.values.emplace_back(option.name, *value);
    }
    return parsed;
}

}  // namespace agoras::host::cli
