// The one way the host parses a list of option tokens: unix style without guessed abbreviations,
// no positional arguments, unknown options rejected. po::error becomes a usage StatusError.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <string>
#include <vector>

namespace agoras::host::cli {

boost::program_options::variables_map strict_parse(const std::vector<std::string>& tokens,
                                                   const boost::program_options::options_description& options);

}  // namespace agoras::host::cli
