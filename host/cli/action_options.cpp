#include "cli/action_options.hpp"

#include "cli/editor.hpp"
#include "cli/secret_prompt.hpp"
#include "cli/strict_parse.hpp"
#include "cli/suggest.hpp"
#include "cli/utf8.hpp"
#include "log/redactor.hpp"
#include "status_error.hpp"

#include <boost/program_options/value_semantic.hpp>
#include <boost/program_options/variables_map.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace agoras::host::cli {
namespace po = boost::program_options;
using plugins::ActionInfo;
using plugins::OptionInfo;

namespace {

// Text read from stdin or a file is bounded: a post, not a disk image.
constexpr std::size_t kMaxTextBytes = 1 << 20;

std::string annotated_help(const OptionInfo& option) {
    std::string notes;
    auto note = [&](const std::string& text) { notes += (notes.empty() ? "" : "; ") + text; };
    if (option.required) note("required");
    if (option.type == AGORAS_OPTION_LIST) {
        note(option.numbered_aliases > 0 ? "repeatable; also --" + option.name + "-1 ... --" + option.name + "-" +
                                               std::to_string(option.numbered_aliases)
                                         : "repeatable");
    }
    if (option.text) note("'-' reads stdin; or --" + option.name + "-file FILE");
    if (!option.choices.empty()) {
        std::string listed;
        for (const auto& choice : option.choices) listed += (listed.empty() ? "" : "|") + choice;
        note("one of " + listed);
    }
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

}  // namespace

std::string choice_refusal(const OptionInfo& option, const std::string& value) {
    if (option.choices.empty() || std::find(option.choices.begin(), option.choices.end(), value) != option.choices.end()) {
        return "";
    }
    std::string listed;
    for (std::size_t i = 0; i < option.choices.size(); ++i) {
        listed += (i == 0 ? "" : i + 1 == option.choices.size() ? " or " : ", ") + option.choices[i];
    }
    return "--" + option.name + " takes " + listed + ", not '" + value + "'" + did_you_mean(value, option.choices);
}

// An action whose text is `--text` takes `--edit` too, unless it has an option of that name.
bool offers_edit(const ActionInfo& action) {
    const auto* text = action.find_option("text");
    return text != nullptr && text->text && action.find_option("edit") == nullptr;
}

namespace {

// Reads text for a text option: all of stdin or a file, at most kMaxTextBytes, trailing line breaks
// dropped (so `echo hello | agoras ... --text -` posts "hello").
std::string read_text(std::istream& in, const std::string& what) {
    std::string text(kMaxTextBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxTextBytes) throw usage_error(what + " holds more than 1 MiB of text");
    if (in.bad()) throw usage_error("cannot read " + what);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

std::string read_text_file(const std::string& path, const std::string& option) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw usage_error("--" + option + "-file: " + path + " is not a readable file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("--" + option + "-file: cannot open " + path);
    return read_text(in, path);
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
        } else if (option.type == AGORAS_OPTION_LIST) {
            description.add_options()(option.name.c_str(),
                                      po::value<std::vector<std::string>>()->value_name("VALUE"), help.c_str());
        } else {
            const char* value_name = option.type == AGORAS_OPTION_INTEGER ? "N" : "VALUE";
            description.add_options()(option.name.c_str(), po::value<std::string>()->value_name(value_name),
                                      help.c_str());
        }
        if (option.text) {
            description.add_options()((option.name + "-file").c_str(), po::value<std::string>()->value_name("FILE"),
                                      ("read --" + option.name + " from FILE").c_str());
        }
    }
    if (offers_edit(action)) {
        description.add_options()("edit", "compose --text in $VISUAL or $EDITOR (starting from --text, if given)");
    }
    return description;
}

namespace {

// The numbered forms of list options (--image-1 ...): accepted, but not listed in the help.
po::options_description numbered_aliases(const ActionInfo& action) {
    po::options_description hidden;
    for (const auto& option : action.options) {
        for (std::uint32_t n = 1; n <= option.numbered_aliases; ++n) {
            hidden.add_options()((option.name + "-" + std::to_string(n)).c_str(), po::value<std::string>());
        }
    }
    return hidden;
}

// The values of a list option: the numbered forms by number (gaps as ""), then the repeated ones.
std::vector<std::string> list_values(const OptionInfo& option, const po::variables_map& given) {
    std::vector<std::string> values;
    for (std::uint32_t n = 1; n <= option.numbered_aliases; ++n) {
        const std::string name = option.name + "-" + std::to_string(n);
        if (given.count(name) == 0) continue;
        values.resize(n);
        values[n - 1] = given[name].as<std::string>();
    }
    if (given.count(option.name) > 0) {
        for (const auto& value : given[option.name].as<std::vector<std::string>>()) values.push_back(value);
    }
    return values;
}

void check_value(const OptionInfo& option, const std::string& value) {
    if (const std::string refusal = choice_refusal(option, value); !refusal.empty()) throw usage_error(refusal);
    // A NUL would cut the value where it crosses the plugin boundary (a C string): "before\0after"
    // posted as "before". A UTF-16 file is the usual source of both.
    if (const auto nul = value.find('\0'); nul != std::string::npos) {
        throw usage_error("the option '--" + option.name + "' holds a NUL byte at byte " + std::to_string(nul) +
                          " (a UTF-16 file? agoras reads text as UTF-8)");
    }
    if (const auto bad = first_invalid_utf8(value)) {
        const bool utf16 = value.rfind("\xff\xfe", 0) == 0 || value.rfind("\xfe\xff", 0) == 0;
        throw usage_error("the option '--" + option.name + "' is not valid UTF-8 text (at byte " + std::to_string(*bad) +
                          (utf16 ? "; it starts with a UTF-16 byte order mark: save the file as UTF-8" : "") + ")");
    }
    if (option.type == AGORAS_OPTION_INTEGER && !is_integer(value)) {
        throw usage_error("the option '--" + option.name + "' needs a whole number, not '" +
                          (option.secret ? std::string(log::kRedacted) : value) + "'");
    }
}

}  // namespace

ParsedAction parse_action_options(const ActionInfo& action, const std::vector<std::string>& tokens,
                                  const ConfiguredDefaults& configured) {
    po::options_description all = describe_action(action);
    all.add(numbered_aliases(action));
    const po::variables_map given = strict_parse(tokens, all);
    ParsedAction parsed;
    if (given.count("help") > 0) {
        parsed.help = true;
        return parsed;
    }
    bool stdin_taken = false;
    for (const auto& option : action.options) {
        if (option.type == AGORAS_OPTION_LIST) {
            std::vector<std::string> values = list_values(option, given);
            if (values.empty()) {
                if (auto env = from_environment(option)) values.push_back(*env);
            }
            if (values.empty() && option.required) {
                throw usage_error("the option '--" + option.name + "' is required but missing");
            }
            for (const auto& value : values) {
                check_value(option, value);
                if (option.secret) log::add_secret(value);
                parsed.values.emplace_back(option.name, value);
            }
            continue;
        }
        std::optional<std::string> value;
        if (given.count(option.name) > 0) {
            value = option.type == AGORAS_OPTION_FLAG ? "true" : given[option.name].as<std::string>();
            if (value->empty()) value.reset();  // as the original: an empty value falls back to the environment
        }
        if (option.text) {
            const std::string file_option = option.name + "-file";
            if (given.count(file_option) > 0) {
                if (value) throw usage_error("give either --" + option.name + " or --" + file_option + ", not both");
                value = read_text_file(given[file_option].as<std::string>(), option.name);
            } else if (value && *value == "-") {
                if (stdin_taken) throw usage_error("only one option can read stdin ('-')");
                stdin_taken = true;
                value = read_text(std::cin, "stdin");
            }
        }
        if (option.name == "text" && offers_edit(action) && given.count("edit") > 0) {
            std::string edited = compose_in_editor(value.value_or(""), kMaxTextBytes);
            while (!edited.empty() && (edited.back() == '\n' || edited.back() == '\r')) edited.pop_back();
            if (edited.find_first_not_of(" \t\r\n") == std::string::npos) {
                throw usage_error("--edit: the text is empty; nothing was sent");
            }
            value = edited;
        }
        if (!value) value = from_environment(option);
        if (!value) {
            if (const auto it = configured.find(option.name); it != configured.end()) value = it->second;
        }
        if (!value && option.default_value) value = option.default_value;
        if (!value && option.required && option.secret) value = prompt_secret(option.name);
        if (!value) {
            if (option.required) {
                throw usage_error("the option '--" + option.name + "' is required but missing" +
                                  (option.env_var ? " (or set " + *option.env_var + ")" : ""));
            }
            continue;
        }
        check_value(option, *value);
        if (option.secret) log::add_secret(*value);
        parsed.values.emplace_back(option.name, *value);
    }
    return parsed;
}

}  // namespace agoras::host::cli
