#include "commands/utils/schedule_run.hpp"

#include "cli/action_options.hpp"
#include "cli/examples.hpp"
#include "cli/utf8.hpp"
#include "clock.hpp"
#include "core/fingerprint.hpp"
#include "publish/fanout.hpp"
#include "publish/option_values.hpp"
#include "schedule/sources.hpp"
#include "status_error.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <tuple>

namespace agoras::host::commands {

using publish::make_option;
using publish::networks_of;
using publish::value_of;

namespace {

using plugins::OptionInfo;

plugins::ActionInfo declaration() {
    plugins::ActionInfo action;
    action.name = "schedule-run";
    action.help = "Publish the rows of a schedule whose time has come";
    OptionInfo network = make_option("network", AGORAS_OPTION_LIST, "platforms to publish to: P or P:ACCOUNT, comma-separated");
    network.required = true;
    OptionInfo key = make_option("sheets-private-key", AGORAS_OPTION_STRING, "the service account's private key (PEM; \\n allowed)",
                            "GOOGLE_SHEETS_PRIVATE_KEY");
    key.secret = true;
    action.options = {network,
                      make_option("schedule-file", AGORAS_OPTION_STRING, "a CSV file with the schedule's rows"),
                      make_option("sheets-id", AGORAS_OPTION_STRING, "the Google spreadsheet's id", "GOOGLE_SHEETS_ID"),
                      make_option("sheets-name", AGORAS_OPTION_STRING, "the worksheet's name", "GOOGLE_SHEETS_NAME"),
                      make_option("sheets-client-email", AGORAS_OPTION_STRING, "the service account's e-mail address",
                             "GOOGLE_SHEETS_CLIENT_EMAIL"),
                      key,
                      make_option("max-count", AGORAS_OPTION_INTEGER, "at most this many rows per run", "MAX_COUNT", "1"),
                      make_option("dry-run", AGORAS_OPTION_FLAG, "show which rows are due and what they would send; change nothing")};
    return action;
}

std::string value_or(const plugins::OptionValues& values, const std::string& name, const std::string& fallback = "") {
    return value_of(values, name).value_or(fallback);
}

schedule::SourceOptions source_options(const plugins::OptionValues& values) {
    return {value_or(values, "schedule-file"), value_or(values, "sheets-id"), value_or(values, "sheets-name"),
            value_or(values, "sheets-client-email"), value_or(values, "sheets-private-key")};
}

std::string lowered(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A row's journal key: the schedule and the row's content.
std::string row_key(const std::string& schedule_id, const schedule::Row& row) {
    std::string content = schedule_id;
    for (std::size_t c = 0; c <= schedule::kHour; ++c) content += "\x1f" + schedule::cell(row, c);
    return "schedule:" + schedule_id + "#" + core::fingerprint(content);
}

}  // namespace

int run_schedule_run_command(cli::CommandContext& context) {
    const plugins::ActionInfo action = declaration();
    const auto parsed = cli::parse_action_options(action, context.args);
    if (parsed.help) {
        std::cout << "Usage: agoras utils schedule-run --network P[,P2...] (--schedule-file FILE.csv |\n"
                     "         --sheets-id ID --sheets-name NAME --sheets-client-email E --sheets-private-key K) [--max-count N]\n\n"
                  << action.help << ": columns A text, B link, C-F images, G date, H hour, I state.\n\n"
                  << cli::describe_action(action);
        cli::print_examples(std::cout, cli::command_examples("utils schedule-run"));
        return 0;
    }
    const std::vector<std::string> networks = networks_of(parsed.values);
    const long long max_count = std::stoll(value_or(parsed.values, "max-count", "1"));
    if (max_count < 1) throw usage_error("--max-count must be 1 or more");
    const bool dry_run = !value_or(parsed.values, "dry-run").empty();

    const std::unique_ptr<schedule::Source> source = schedule::open_source(source_options(parsed.values));
    const std::int64_t now = now_unix_ms() / 1000;
    // Due rows not yet published (or failed), oldest first, at most --max-count of them, chosen as the rows go
    // by so that only those are kept; future rows wait; rows that do not parse are left alone.
    struct Due {
        std::int64_t when;
        std::size_t index;
        schedule::Row row;
        bool operator<(const Due& other) const { return std::tie(when, index) < std::tie(other.when, other.index); }
    };
    const auto keep = static_cast<std::size_t>(max_count);
    std::vector<Due> chosen;
    const auto trim = [&] {
        std::sort(chosen.begin(), chosen.end());
        if (chosen.size() > keep) chosen.resize(keep);
    };
    source->read_rows([&](std::size_t index, schedule::Row&& row) {
        const std::string state = lowered(schedule::cell(row, schedule::kState));
        if (state == "published" || state.rfind("error", 0) == 0) return;
        const auto when = schedule::due_time(row);
        if (!when) {
            spdlog::debug("row {}: no date and hour agoras can read; left as it is", index + 1);
            return;
        }
        if (*when > now) return;
        chosen.push_back({*when, index, std::move(row)});
        // Now and then: a sort per row would be slow.
        if (chosen.size() > keep && chosen.size() - keep >= std::max<std::size_t>(keep, 64)) trim();
    });
    trim();
    if (chosen.empty()) {
        spdlog::info("no row of the schedule is due");
        return 0;
    }

    int exit_code = 0;
    for (const auto& [when, index, row] : chosen) {
        std::vector<publish::TargetResult> results;
        publish::PublishPlan plan;
        plan.specs = networks;
        plan.post = schedule::post_of(row);
        // The row's content (not its position, which edits move) and the schedule make its key.
        plan.key = row_key(source->id(), row);
        if (!source->legacy_id().empty() && publish::published_everywhere(row_key(source->legacy_id(), row), networks)) {
            spdlog::info("row {} was published by an earlier agoras; marked so", index + 1);
            if (!dry_run) source->mark(index, row, "published");
            continue;
        }
        plan.key_names_post = false;  // made of the row: the networks may change between runs
        plan.dry_run = dry_run;
        plan.extra = Json::object().set("row", static_cast<long long>(index + 1));
        plan.results = &results;
        std::string state = "published";
        try {
            const int code = publish::publish_to_targets(context.registry, plan);
            if (code != 0 && exit_code == 0) exit_code = code;
            for (const auto& r : results) {
                if (r.status == "failed" || r.status == "unknown") {
                    state = "error: " + r.spec + ": " + (r.status == "unknown" ? "unknown outcome, not sent again: " : "") + r.error;
                    break;
                }
            }
        } catch (const StatusError& e) {
            // Refused before anything was sent (a text too long for a network, say).
            state = std::string("error: ") + e.what();
            if (exit_code == 0) exit_code = e.status();
            spdlog::error("row {}: {}", index + 1, e.what());
        }
        if (dry_run) continue;
        // The state goes into a file or a shared sheet: on one line, cut between characters. (Its error
        // texts are plugins' messages, redacted where they leave the plugin.)
        std::replace(state.begin(), state.end(), '\n', ' ');
        source->mark(index, row, std::string(cli::utf8_prefix(state, 300)));
    }
    return exit_code;
}

}  // namespace agoras::host::commands
