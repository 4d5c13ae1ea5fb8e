// `agoras utils media-limits`: what each platform accepts as media, from the plugins' publishing
// declarations (agoras.publish/1), in the original's text and JSON formats.
#include "commands/utils/utils_command.hpp"

#include "cli/strict_parse.hpp"
#include "output/result_output.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <boost/program_options/value_semantic.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>

namespace agoras::host::commands {
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: agoras utils media-limits [--platform P] [--kind image|video] [--json]\n\n"
    "Shows per-platform media MIME types, size and transfer limits, one row per platform and kind\n"
    "(--json: an array of objects), from what the installed plugins declare.\n";

struct Row {
    std::string platform;
    const plugins::CapabilitiesInfo* caps;
    const plugins::MediaLimitsInfo* media;
};

std::string human_size(std::uint64_t bytes) {
    if (bytes == 0) return "unknown";
    // A limit the platform states in decimal units (Telegram's 10 MB is 10,000,000 bytes) is shown so, not
    // as a smaller binary figure; binary multiples keep the original's form (8 MiB is "8MB").
    if (bytes % 1'000'000'000 == 0) return std::to_string(bytes / 1'000'000'000) + "GB";
    if (bytes % 1'000'000 == 0) return std::to_string(bytes / 1'000'000) + "MB";
    if (bytes >= (1ull << 30)) return std::to_string(bytes >> 30) + "GB";
    if (bytes >= (1ull << 20)) return std::to_string(bytes >> 20) + "MB";
    if (bytes >= (1ull << 10)) return std::to_string(bytes >> 10) + "KB";
    return std::to_string(bytes) + "B";
}

const char* kind_name(agoras_media_kind kind) { return kind == AGORAS_MEDIA_VIDEO ? "video" : "image"; }
const char* transfer_name(agoras_media_transfer t) { return t == AGORAS_TRANSFER_URL_PULL ? "url_pull" : "upload_bytes"; }
const char* counting_name(agoras_text_counting c) {
    switch (c) {
    case AGORAS_COUNT_GRAPHEMES: return "graphemes";
    case AGORAS_COUNT_UTF16: return "utf16";
    case AGORAS_COUNT_BYTES: return "bytes";
    case AGORAS_COUNT_WEIGHTED: return "weighted";
    default: return "code_points";
    }
}

// A platform name as the user typed it: lower-cased (the original took "X"), an older name (twitter) as
// the platform its plugin declares it for.
std::string canonical_platform(plugins::PluginRegistry& registry, std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto entry = registry.find_platform(name);
    return entry ? entry->platform().name : name;
}

std::vector<std::string> sorted(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    return items;
}

Json as_json(const Row& row) {
    const auto number_or_null = [](std::uint64_t value) { return value == 0 ? Json() : Json(value); };
    return Json::object()
        .set("platform", row.platform)
        .set("kind", kind_name(row.media->kind))
        .set("mime_types", Json::array_of(sorted(row.media->mime_types)))
        .set("max_bytes", number_or_null(row.media->max_bytes))
        .set("max_bytes_human", row.media->max_bytes == 0 ? Json() : Json(human_size(row.media->max_bytes)))
        .set("min_duration_s", number_or_null(row.media->min_duration_s))
        .set("max_duration_s", number_or_null(row.media->max_duration_s))
        .set("max_width", number_or_null(row.media->max_width))
        .set("max_height", number_or_null(row.media->max_height))
        .set("transfer", transfer_name(row.media->transfer))
        .set("max_per_post", row.media->max_per_post)
        .set("text_limit", row.caps->text_limit)
        .set("text_counting", counting_name(row.caps->text_counting));
}

std::string as_text(const Row& row) {
    std::string mime;
    for (const auto& type : sorted(row.media->mime_types)) mime += (mime.empty() ? "" : ",") + type;
    char line[512];
    std::snprintf(line, sizeof line, "%-12s %-5s max=%6s transfer=%-12s mime=%s", row.platform.c_str(),
                  kind_name(row.media->kind), human_size(row.media->max_bytes).c_str(),
                  transfer_name(row.media->transfer), mime.c_str());
    return line;
}

}  // namespace

int run_media_limits_command(cli::CommandContext& context) {
    output::results_are_read_only();
    po::options_description options("Options");
    options.add_options()("help,h", "show this help")("platform", po::value<std::string>())(
        "kind", po::value<std::string>())("json", "print a JSON array");
    const auto vm = cli::strict_parse(context.args, options);
    if (vm.count("help") > 0) {
        std::cout << kUsage;
        return 0;
    }
    const std::string platform = vm.count("platform") > 0 ? canonical_platform(context.registry, vm["platform"].as<std::string>()) : "";
    const std::string kind = vm.count("kind") > 0 ? vm["kind"].as<std::string>() : "";
    if (!kind.empty() && kind != "image" && kind != "video") {
        throw usage_error("--kind must be image or video, not '" + kind + "'");
    }

    context.registry.load_all();
    std::vector<Row> rows;
    for (const auto& entry : context.registry.platforms()) {
        const auto* caps = entry.plugin->info().capabilities_of(entry.platform().name);
        if (caps == nullptr || (!platform.empty() && platform != caps->platform)) continue;
        for (const auto& media : caps->media) {
            if (kind.empty() || kind == kind_name(media.kind)) rows.push_back({caps->platform, caps, &media});
        }
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.platform != b.platform ? a.platform < b.platform : a.media->kind < b.media->kind;
    });
    if (vm.count("json") > 0 || output::json_requested()) {
        Json all = Json::array();
        for (const auto& row : rows) all.push(as_json(row));
        std::cout << all.pretty() << "\n";
    } else {
        for (const auto& row : rows) std::cout << as_text(row) << "\n";
    }
    return 0;
}

}  // namespace agoras::host::commands
