#include "commands/journal/journal_command.hpp"

#include "cli/examples.hpp"
#include "output/result_output.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"

#include <agoras/json.hpp>

#include <iostream>

namespace agoras::host::commands {
namespace {

constexpr const char* kUsage =
    "Usage: agoras journal list [--key K] [--all]\n"
    "       agoras journal show KEY\n"
    "       agoras journal resolve KEY TARGET (--published ID [--url URL] | --not-published)\n\n"
    "The publish journal: one line per target of each key (post --to --idempotency-key, a feed item, a\n"
    "schedule row). list shows the targets still pending, unknown or failed (--all: every one); show, every\n"
    "target of one key. resolve settles a target whose outcome is unknown after you checked the account:\n"
    "--published records the post (a rerun reports it), --not-published lets a rerun send it again.\n";

Json line_of(const state::JournalEntry& entry) {
    const auto text = [](const std::string& value) { return value.empty() ? Json() : Json(value); };
    return Json::object()
        .set("key", entry.key)
        .set("target", entry.target)
        .set("status", entry.status)
        .set("id", text(entry.remote_id))
        .set("url", text(entry.url))
        .set("error", text(entry.error))
        .set("updated_at", output::local_iso8601(entry.updated_at))
        .set("owner", entry.status == "pending" ? text(entry.owner) : Json());
}

int list(const std::string& key, bool all) {
    std::vector<state::JournalEntry> entries;
    const std::vector<std::string> unsettled = {"pending", "unknown", "failed"};
    services::check(services::state().journal_list(key, all ? std::vector<std::string>{} : unsettled, entries));
    for (const auto& entry : entries) output::emit_result(line_of(entry).serialize());
    if (!key.empty() && entries.empty() && all) throw StatusError(AGORAS_ERR_GENERIC, "the journal has no key '" + key + "'");
    return 0;
}

int resolve(const std::vector<std::string>& args) {
    if (args.size() < 3) throw usage_error("journal resolve needs KEY TARGET and --published ID or --not-published");
    std::optional<std::string> published, url;
    bool not_published = false;
    for (std::size_t i = 3; i < args.size(); ++i) {
        if (args[i] == "--published" && i + 1 < args.size()) published = args[++i];
        else if (args[i] == "--url" && i + 1 < args.size()) url = args[++i];
        else if (args[i] == "--not-published") not_published = true;
        else throw usage_error("unknown argument '" + args[i] + "' (agoras journal --help)");
    }
    if (published.has_value() == not_published) throw usage_error("journal resolve needs one of --published ID and --not-published");
    if (published && published->empty()) throw usage_error("--published needs the post's id");
    if (url && !published) throw usage_error("--url goes with --published");
    services::check(services::state().resolve(args[1], args[2], published.has_value(), published.value_or(""),
                                              url.value_or("")));
    std::optional<state::JournalEntry> entry;
    services::check(services::state().journal_get(args[1], args[2], entry));
    if (entry) output::emit_result(line_of(*entry).serialize());
    return 0;
}

}  // namespace

int run_journal_command(cli::CommandContext& context) {
    const auto& args = context.args;
    const bool help = !args.empty() && (args.back() == "-h" || args.back() == "--help");
    if (args.empty() || help) {
        (help ? std::cout : std::cerr) << kUsage;
        if (help) cli::print_examples(std::cout, cli::command_examples("journal"));
        return help ? 0 : AGORAS_ERR_USAGE;
    }
    if (args[0] == "list" || args[0] == "show") output::results_are_read_only();
    if (args[0] == "list") {
        std::string key;
        bool all = false;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--all") all = true;
            else if (args[i] == "--key" && i + 1 < args.size()) key = args[++i];
            else throw usage_error("unknown argument '" + args[i] + "' (agoras journal list [--key K] [--all])");
        }
        return list(key, all);
    }
    if (args[0] == "show") {
        if (args.size() != 2) throw usage_error("journal show takes one KEY");
        return list(args[1], true);
    }
    if (args[0] == "resolve") return resolve(args);
    throw usage_error("agoras journal has list, show and resolve, not '" + args[0] + "' (agoras journal --help)");
}

}  // namespace agoras::host::commands
