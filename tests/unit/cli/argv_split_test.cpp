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

TEST_CASE("split_args: options after the platform belong to the command", "[cli]") {
    const auto s = split_args({"threads", "post", "--loglevel", "debug"}, globals());
    CHECK(s.global.empty());
    CHECK(s.command == Args{"threads", "post", "--loglevel", "debug"});
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
