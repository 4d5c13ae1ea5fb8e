#include "cli/strict_parse.hpp"

#include "cli/suggest.hpp"
#include "status_error.hpp"

#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>
#include <boost/program_options/value_semantic.hpp>

namespace agoras::host::cli {
namespace po = boost::program_options;

po::variables_map strict_parse(const std::vector<std::string>& tokens, const po::options_description& options) {
    // Stray words are collected into a hidden option so that the error can name the first one.
    constexpr const char* kStray = "agoras-stray-arguments";
    po::options_description all;
    all.add(options);
    all.add_options()(kStray, po::value<std::vector<std::string>>());
    po::positional_options_description positionals;
    positionals.add(kStray, -1);

    po::variables_map result;
    try {
        const auto style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
        po::store(po::command_line_parser(tokens).options(all).positional(positionals).style(style).run(), result);
        if (result.count(kStray) > 0) {
            throw usage_error("unexpected argument '" + result[kStray].as<std::vector<std::string>>().front() + "'");
        }
        po::notify(result);
    } catch (const po::unknown_option& e) {
        // "--txt": the closest declared long option, if one is close.
        std::string name = e.get_option_name();
        while (!name.empty() && name.front() == '-') name.erase(0, 1);
        std::vector<std::string> known;
        for (const auto& option : options.options()) known.push_back(option->long_name());
        throw usage_error(std::string(e.what()) + did_you_mean(name, known));
    } catch (const po::error& e) {
        throw usage_error(e.what());
    }
    return result;
}

}  // namespace agoras::host::cli
