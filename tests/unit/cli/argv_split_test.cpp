#include "cli/argv_split.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <catch2/catch.hpp>

using agoras::host::cli::split_args;
namespace po = boost::program_options;
using Args = std::vector<std::string>;

namespace {
po::options_description globals() {
    po::options_description d;
    d.add_options()("help,h", "")("version,V", "")("loglevel,l", po::value<std::string>(), "");
    return d;
}
}  // namespace

TEST_CASE("split_args: global options before the platform", "[cli]") {
    const auto s = split_args({"-l", "debug", "threads", "post", "--text", "hi"}, globals());
    CHECK(s.global == Args{"-l", "debug"});
    CHECK(s.command == Args{"threads", "post", "--text", "hi"});
}

TEST_CASE("split_args: attached values do not consume the next word", "[cli]") {
    CHECK(split_args({"-ldebug", "threads"}, globals()).command == Args{"threads"});
    CHECK(split_args({"--loglevel=info", "threads"}, globals()).command == Args{"threads"});
    CHECK(split_args({"--version", "threads"}, globals()).global == Args{"--version"});
}

TEST_CASE("split_args: options after the platform belong to the command, but the log level", "[cli]") {
    const auto s = split_args({"threads", "post", "--text", "debug", "--version", "-l", "info"}, globals());
    CHECK(s.global == Args{"-l", "info"});
    CHECK(s.command == Args{"threads", "post", "--text", "debug", "--version"});
}

TEST_CASE("split_args: a log level may come after the command", "[cli]") {
    CHECK(split_args({"threads", "whoami", "-l", "debug"}, globals()).global == Args{"-l", "debug"});
    CHECK(split_args({"threads", "whoami", "-l", "debug"}, globals()).command == Args{"threads", "whoami"});
    CHECK(split_args({"threads", "post", "--loglevel=info", "--text", "x"}, globals()).command ==
          Args{"threads", "post", "--text", "x"});
    CHECK(split_args({"threads", "post", "-ldebug"}, globals()).global == Args{"-ldebug"});
    // After "--" nothing is hoisted; other options stay with the command.
    CHECK(split_args({"threads", "post", "--", "-l", "x"}, globals()).command == Args{"threads", "post", "--", "-l", "x"});
    CHECK(split_args({"threads", "post", "--link", "y"}, globals()).command == Args{"threads", "post", "--link", "y"});
}

TEST_CASE("split_args: an unknown global option stays global so the strict parser rejects it", "[cli]") {
    // The unknown option cannot be known to take a value, so `5` becomes the first command word;
    // the strict global parse then fails on `--count` before the command is ever looked at.
    const auto s = split_args({"--count", "5", "threads"}, globals());
    CHECK(s.global == Args{"--count"});
    CHECK(s.command == Args{"5", "threads"});
}

TEST_CASE("split_args: -- ends the global part", "[cli]") {
    const auto s = split_args({"-V", "--", "--weird-platform"}, globals());
    CHECK(s.global == Args{"-V"});
    CHECK(s.command == Args{"--weird-platform"});
}
