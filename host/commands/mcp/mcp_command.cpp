#include "commands/mcp/mcp_command.hpp"

#include "cli/examples.hpp"
#include "cli/strict_parse.hpp"
#include "commands/mcp/mcp_server.hpp"
#include "publish/option_values.hpp"
#include "status_error.hpp"

#include <boost/program_options/value_semantic.hpp>

#include <iostream>

namespace agoras::host::commands {
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: agoras mcp [--allow-publish] [--allow-delete] [--allow-target T]... [--max-posts N]\n\n"
    "A Model Context Protocol server on standard input and output, for AI assistants: the tools\n"
    "list_platforms, auth_status and check_post, and with --allow-publish publish_post, with --allow-delete\n"
    "delete_post (docs/mcp.md). --allow-target limits the targets (platform, platform:account or @group;\n"
    "comma-separated or repeated); --max-posts the posts one session may publish.\n";

}  // namespace

int run_mcp_command(cli::CommandContext& context) {
    po::options_description options("Options");
    options.add_options()("help,h", "show this help")("allow-publish", "offer publish_post")("allow-delete", "offer delete_post")(
        "allow-target", po::value<std::vector<std::string>>()->composing(), "a target the tools may use")(
        "max-posts", po::value<long long>(), "posts one session may publish");
    const auto vm = cli::strict_parse(context.args, options);
    if (vm.count("help") > 0) {
        std::cout << kUsage;
        cli::print_examples(std::cout, cli::command_examples("mcp"));
        return 0;
    }
    mcp::Limits limits;
    limits.allow_publish = vm.count("allow-publish") > 0;
    limits.allow_delete = vm.count("allow-delete") > 0;
    if (vm.count("allow-target") > 0) limits.allowed_targets = publish::split_commas(vm["allow-target"].as<std::vector<std::string>>());
    if (vm.count("max-posts") > 0) {
        limits.max_posts = vm["max-posts"].as<long long>();
        if (limits.max_posts < 1) throw usage_error("--max-posts must be 1 or more");
    }
    mcp::Tools tools(context.registry, std::move(limits));
    return mcp::serve(tools);
}

}  // namespace agoras::host::commands
