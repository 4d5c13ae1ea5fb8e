#include "cli/argv_split.hpp"

namespace agoras::host::cli {
namespace po = boost::program_options;

namespace {

// Whether the option token `token` (without an attached value) consumes the next argument.
bool takes_separate_value(const std::string& token, const po::options_description& globals) {
    if (token.find('=') != std::string::npos) return false;
    std::string key;
    if (token.rfind("--", 0) == 0) {
        key = token.substr(2);
    } else if (token.size() == 2) {
        key = token;  // Boost stores short names as "-l"
    } else {
        return false;  // "-ldebug": value attached
    }
    const auto* option = globals.find_nothrow(key, /*approx=*/false, /*long_ignore_case=*/false,
                                              /*short_ignore_case=*/false);
    // An option whose value is optional (--json, --json=id,url) takes only an attached one: the next word is the
    // command.
    return option != nullptr && option->semantic()->min_tokens() > 0;
}

}  // namespace

SplitArgs split_args(const std::vector<std::string>& args, const po::options_description& globals) {
    SplitArgs result;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        const std::string& token = args[i];
        if (token == "--") {
            ++i;
            break;
        }
        if (token.size() < 2 || token[0] != '-') break;
        result.global.push_back(token);
        if (takes_separate_value(token, globals) && i + 1 < args.size()) result.global.push_back(args[++i]);
    }
    // In the command part, up to a "--", a log level is hoisted out to the global part.
    bool after_separator = false;
    for (; i < args.size(); ++i) {
        const std::string& token = args[i];
        if (token == "--") after_separator = true;
        const bool loglevel = !after_separator && (token == "-l" || token == "--loglevel" ||
                                                   token.rfind("--loglevel=", 0) == 0 ||
                                                   (token.size() > 2 && token.rfind("-l", 0) == 0 && token[2] != '-'));
        if (!loglevel) {
            result.command.push_back(token);
            continue;
        }
        result.global.push_back(token);
        if ((token == "-l" || token == "--loglevel") && i + 1 < args.size()) result.global.push_back(args[++i]);
    }
    return result;
}

}  // namespace agoras::host::cli
