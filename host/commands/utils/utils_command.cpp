#include "commands/utils/utils_command.hpp"

#include "commands/utils/feed_publish.hpp"
#include "commands/utils/schedule_run.hpp"

#include "status_error.hpp"

#include <iostream>
#include <map>

namespace agoras::host::commands {
namespace {

constexpr const char* kUsage =
    "Usage: agoras utils <command> [options]\n\n"
    "Commands:\n"
    "  tokens list|show|delete|unattended-format|import-legacy   the token vault (agoras utils tokens --help)\n"
    "  media-limits [--platform P] [--kind image|video] [--json] what each platform accepts as media\n"
    "  feed-publish --network P --mode last|random --feed-url URL  publish a feed's items, never twice\n"
    "  schedule-run --network P (--schedule-file F | --sheets-...)  publish the schedule's rows that are due\n";

}  // namespace

int run_utils_command(cli::CommandContext& context) {
    auto& args = context.args;
    if (args.empty() || args[0] == "-h" || args[0] == "--help") {
        (args.empty() ? std::cerr : std::cout) << kUsage;
        return args.empty() ? AGORAS_ERR_USAGE : 0;
    }
    static const std::map<std::string, int (*)(cli::CommandContext&)> commands = {
        {"tokens", &run_tokens_command}, {"media-limits", &run_media_limits_command}, {"feed-publish", &run_feed_publish_command},
        {"schedule-run", &run_schedule_run_command}};
    const auto it = commands.find(args[0]);
    if (it == commands.end()) {
        throw usage_error("unknown utils command '" + args[0] + "' (available: tokens, media-limits, feed-publish, schedule-run)");
    }
    cli::CommandContext sub{context.registry, {args.begin() + 1, args.end()}};
    return it->second(sub);
}

}  // namespace agoras::host::commands
