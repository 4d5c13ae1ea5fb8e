#include "commands/post/post_command.hpp"

#include "cli/action_options.hpp"
#include "cli/examples.hpp"
#include "publish/fanout.hpp"
#include "publish/option_values.hpp"
#include "status_error.hpp"

#include <agoras/sdk/post.hpp>

#include <algorithm>
#include <iostream>

namespace agoras::host::commands {
namespace {

using plugins::OptionInfo;
using publish::make_option;
using publish::value_of;
using publish::values_of;

constexpr std::uint32_t kNumberedImages = 20;

plugins::ActionInfo post_declaration() {
    plugins::ActionInfo action;
    action.name = "post";
    action.help = "Publish one post to several platforms at once";
    OptionInfo to = make_option("to", AGORAS_OPTION_LIST,
                                "targets: PLATFORM, PLATFORM:ACCOUNT (a vault identifier) or @GROUP (agoras config); "
                                "comma-separated or repeated");
    to.required = true;
    OptionInfo text = make_option("text", AGORAS_OPTION_STRING, "the text", "STATUS_TEXT");
    text.text = true;
    const OptionInfo link =
        make_option("link", AGORAS_OPTION_STRING, "a URL, appended to the text or made a link card", "STATUS_LINK");
    OptionInfo image = make_option("image", AGORAS_OPTION_LIST, "an image: an https:// URL or a local file");
    image.numbered_aliases = kNumberedImages;
    OptionInfo alt = make_option("alt-text", AGORAS_OPTION_LIST, "alt text of the image in the same position");
    alt.numbered_aliases = kNumberedImages;
    action.options = {to,
                      text,
                      make_option("text-for", AGORAS_OPTION_LIST, "PLATFORM=TEXT: another text for one platform"),
                      link,
                      image,
                      alt,
                      make_option("video", AGORAS_OPTION_STRING, "a video: an https:// URL or a local file"),
                      make_option("idempotency-key", AGORAS_OPTION_STRING,
                                  "a key for this post: a rerun with it publishes only to targets not yet published"),
                      make_option("thread", AGORAS_OPTION_FLAG,
                                  "a text too long for a target becomes a numbered reply chain there, split at "
                                  "sentences or words"),
                      make_option("skip-unfit", AGORAS_OPTION_FLAG,
                                  "a target that cannot take this post (Instagram without an image) is reported skipped "
                                  "and the others published; without it nothing is sent"),
                      make_option("dry-run", AGORAS_OPTION_FLAG, "check and print what each target would send; send nothing")};
    return action;
}

sdk::Post base_post(const plugins::OptionValues& values) {
    sdk::Post post;
    post.text = value_of(values, "text").value_or("");
    post.link = value_of(values, "link");
    const auto images = values_of(values, "image");
    const auto alts = values_of(values, "alt-text");
    for (std::size_t i = 0; i < std::max(images.size(), alts.size()); ++i) {
        const std::string source = i < images.size() ? images[i] : "";
        const std::string alt = i < alts.size() ? alts[i] : "";
        if (source.empty()) {
            if (!alt.empty()) throw usage_error("alt text #" + std::to_string(i + 1) + " is given without an image");
            continue;
        }
        post.media.push_back({AGORAS_MEDIA_IMAGE, source, "", alt});
    }
    if (auto video = value_of(values, "video")) post.media.push_back({AGORAS_MEDIA_VIDEO, *video, "", ""});
    return post;
}

}  // namespace

int run_post_command(cli::CommandContext& context) {
    const plugins::ActionInfo declaration = post_declaration();
    const auto parsed = cli::parse_action_options(declaration, context.args);
    if (parsed.help) {
        std::cout << "Usage: agoras post --to P1,P2 [--text T | --text - | --text-file F] [--link L]\n"
                     "                   [--image URL|PATH [--alt-text A]]... [--video URL|PATH]\n"
                     "                   [--text-for PLATFORM=TEXT]... [--idempotency-key K] [--thread] [--skip-unfit]\n"
                     "                   [--dry-run]\n\n"
                  << declaration.help << ". Every target checks the post before anything is sent.\n\n"
                  << cli::describe_action(declaration);
        cli::print_examples(std::cout, cli::command_examples("post"));
        return 0;
    }
    const bool dry_run = value_of(parsed.values, "dry-run").has_value();
    const bool thread = value_of(parsed.values, "thread").has_value();
    const auto key = value_of(parsed.values, "idempotency-key");
    std::vector<std::pair<std::string, std::string>> texts_for;
    for (const auto& item : values_of(parsed.values, "text-for")) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) throw usage_error("--text-for needs PLATFORM=TEXT, not '" + item + "'");
        texts_for.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    publish::PublishPlan plan;
    plan.post = base_post(parsed.values);
    plan.specs = publish::split_commas(values_of(parsed.values, "to"));
    plan.texts_for = texts_for;
    plan.key = key;
    plan.dry_run = dry_run;
    plan.thread = thread;
    plan.skip_unfit = value_of(parsed.values, "skip-unfit").has_value();
    plan.command = {"agoras", "post"};
    plan.command.insert(plan.command.end(), context.args.begin(), context.args.end());
    return publish::publish_to_targets(context.registry, plan);
}

}  // namespace agoras::host::commands
