// Splits argv into the global part and the command part before any parsing: global options come
// before the first command word, everything from that word on belongs to the command, except the log
// level, which may also come later (`agoras threads whoami -l debug`): no plugin may declare it. Doing
// this by hand is what lets two strict parsers (no guessing, no unregistered options) handle each part.
#pragma once

#include <boost/program_options/options_description.hpp>

#include <string>
#include <vector>

namespace agoras::host::cli {

struct SplitArgs {
    std::vector<std::string> global;   // options before the first command word
    std::vector<std::string> command;  // the first command word and everything after it, but -l/--loglevel
};

// `globals` tells which global options take a value, so that `-l debug threads` splits after `debug`.
// A `--` ends the global part; the word after it starts the command.
SplitArgs split_args(const std::vector<std::string>& args, const boost::program_options::options_description& globals);

}  // namespace agoras::host::cli
