#include "commands/post/post_command.hpp"

#include "cli/action_options.hpp"
#include "commands/option_values.hpp"
#include "config/config_file.hpp"
#include "output/result_output.hpp"
#include "services/backend_loader.hpp"
#include "status_error.hpp"
#include "vault/names.hpp"

#include <agoras/json.hpp>
#include <agoras/sdk/post.hpp>

#include <unistd.h>

#include <future>
#include <iostream>

namespace agoras::host::commands {
namespace {

using plugins::OptionInfo;

constexpr std::uint32_t kNumberedImages = 20;

plugins::ActionInfo post_declaration() {
    const auto option = [](std::string name, agoras_option_type type, std::string help) {
        OptionInfo info;
        info.name = std::move(name);
        info.type = type;
        info.help = std::move(help);
        return info;
    };
    plugins::ActionInfo action;
    action.name = "post";
    action.help = "Publish one post to several platforms at once";
    OptionInfo to = option("to", AGORAS_OPTION_LIST,
                           "targets: PLATFORM, PLATFORM:ACCOUNT (a vault identifier) or @GROUP (agoras config); "
                           "comma-separated or repeated");
    to.required = true;
    OptionInfo text = option("text", AGORAS_OPTION_STRING, "the text");
    text.text = true;
    text.env_var = "STATUS_TEXT";
    OptionInfo link = option("link", AGORAS_OPTION_STRING, "a URL, appended to the text or made a link card");
    link.env_var = "STATUS_LINK";
    OptionInfo image = option("image", AGORAS_OPTION_LIST, "an image: an https:// URL or a local file");
    image.numbered_aliases = kNumberedImages;
    OptionInfo alt = option("alt-text", AGORAS_OPTION_LIST, "alt text of the image in the same position");
    alt.numbered_aliases = kNumberedImages;
    action.options = {to,
                      text,
                      option("text-for", AGORAS_OPTION_LIST, "PLATFORM=TEXT: another text for one platform"),
                      link,
                      image,
                      alt,
                      option("video", AGORAS_OPTION_STRING, "a video: an https:// URL or a local file"),
                      option("idempotency-key", AGORAS_OPTION_STRING,
                             "a key for this post: a rerun with it publishes only to targets not yet published"),
                      option("thread", AGORAS_OPTION_FLAG,
                             "a text too long for a target becomes a numbered reply chain there, split at sentences "
                             "or words"),
                      option("dry-run", AGORAS_OPTION_FLAG, "check and print what each target would send; send nothing")};
    return action;
}

struct Target {
    std::string spec;  // as given: "mastodon:me@example.social"
    std::string platform, account;
    plugins::PlatformEntry entry{nullptr, nullptr};
    plugins::OptionValues values;  // the platform's post options from the environment and defaults
    sdk::Post post;
    std::vector<sdk::Post> chain;  // with --thread, when the text had to be split: the posts, in order
};

struct Outcome {
    std::string status;  // published, already-published, failed, unknown, dry-run
    std::string id, url, error;
    int exit_code = 0;
    Json would_send;
};

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

Target resolve(const std::string& spec, cli::CommandContext& context, const sdk::Post& post,
               const std::vector<std::pair<std::string, std::string>>& texts_for, bool dry_run,
               config::Config& config) {
    Target target;
    target.spec = spec;
    const auto colon = spec.find(':');
    target.platform = spec.substr(0, colon);
    if (colon != std::string::npos) {
        target.account = spec.substr(colon + 1);
        vault::validate_identifier(target.account);
    }
    const auto entry = context.registry.find_platform(target.platform);
    if (!entry) throw usage_error("target " + spec + ": no installed plugin provides platform '" + target.platform + "'");
    if (!entry->plugin->publishes() || entry->plugin->info().capabilities_of(target.platform) == nullptr) {
        throw usage_error("target " + spec + ": the " + target.platform + " plugin does not publish typed posts");
    }
    target.entry = *entry;
    // Credentials and defaults as the platform's own post action would take them from the environment.
    if (const auto* action = entry->platform->find_action("post")) {
        for (auto& [name, value] : cli::parse_action_options(*action, {}, config.defaults[target.platform]).values) {
            if (name != "dry-run") target.values.emplace_back(name, value);
        }
    }
    if (!target.account.empty()) target.values.emplace_back("account", target.account);
    if (dry_run) target.values.emplace_back("dry-run", "true");
    target.post = post;
    for (const auto& [platform, text] : texts_for) {
        if (platform == target.platform) target.post.text = text;
    }
    return target;
}

std::size_t code_points(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

// The byte offset after `count` code points of `text` (or its end).
std::size_t offset_of(const std::string& text, std::size_t count) {
    std::size_t i = 0;
    for (std::size_t seen = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && seen++ == count) break;
    }
    return i;
}

// `text` in pieces of at most `limit` code points once " i/n" is appended, cut after a sentence if
// one ends in the second half of a piece, else at a space, else where the limit falls. Code points
// are never fewer than graphemes, so a piece also fits a platform that counts graphemes.
std::vector<std::string> split_for_thread(const std::string& text, std::size_t limit) {
    constexpr std::size_t kNumbering = 8;  // " 12/34" and some room
    if (limit <= kNumbering + 10) return {};
    const std::size_t room = limit - kNumbering;
    std::vector<std::string> pieces;
    std::string rest = text;
    while (code_points(rest) > room) {
        const std::string window = rest.substr(0, offset_of(rest, room));
        std::size_t cut = std::string::npos;
        for (const char* end : {". ", "! ", "? ", "\n"}) {
            const auto at = window.rfind(end);
            if (at != std::string::npos && at > window.size() / 2 && (cut == std::string::npos || at > cut)) cut = at + 1;
        }
        if (cut == std::string::npos) {
            const auto space = window.rfind(' ');
            cut = space != std::string::npos && space > 0 ? space : window.size();
        }
        pieces.push_back(rest.substr(0, cut));
        rest = rest.substr(cut);
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.erase(0, 1);
        while (!pieces.back().empty() && pieces.back().back() == ' ') pieces.back().pop_back();
    }
    if (!rest.empty()) pieces.push_back(rest);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        pieces[i] += " " + std::to_string(i + 1) + "/" + std::to_string(pieces.size());
    }
    return pieces;
}

agoras_status check(const Target& target, const sdk::Post& post, std::string& adapted, std::string& error) {
    const sdk::RawPost raw(post);
    return target.entry.plugin->validate(target.platform, target.values, *raw.get(), adapted, error);
}

// A reply chain for a text the target refused: each piece checked like a post of its own.
bool plan_thread(Target& target) {
    const auto* caps = target.entry.plugin->info().capabilities_of(target.platform);
    if (caps == nullptr || caps->text_limit == 0) return false;
    // The link is part of the text being split, so it lands where it stood: at the end.
    const std::string text = target.post.text + (target.post.link ? " " + *target.post.link : "");
    const auto pieces = split_for_thread(text, caps->text_limit);
    if (pieces.size() < 2) return false;
    std::vector<sdk::Post> chain;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        sdk::Post piece = target.post;
        piece.text = pieces[i];
        piece.link.reset();
        if (i > 0) piece.media.clear();  // pictures go with the first post
        std::string adapted, error;
        if (check(target, piece, adapted, error) != AGORAS_OK) return false;
        chain.push_back(std::move(piece));
    }
    target.chain = std::move(chain);
    return true;
}

Outcome publish_one(const Target& target, const sdk::Post& post, const plugins::ResultSink& checkpoints = {}) {
    Outcome outcome;
    std::vector<std::string> results;
    std::string error;
    const sdk::RawPost raw(post);
    const agoras_status status = target.entry.plugin->publish(
        target.platform, target.values, *raw.get(), error, [&](const std::string& json) { results.push_back(json); },
        checkpoints);
    if (status != AGORAS_OK) {
        outcome.status = "failed";
        outcome.error = error.empty() ? "publishing failed" : error;
        outcome.exit_code = status;
        return outcome;
    }
    outcome.status = "published";
    if (!results.empty()) {
        const Json result = Json::parse(results.front());
        outcome.id = result["id"].text();
        outcome.url = result["url"].text();
    }
    return outcome;
}

// The post, or the reply chain: each piece replies to the one before; the first piece's id and url
// stand for the whole thread.
Outcome publish(const Target& target, const plugins::ResultSink& checkpoints) {
    if (target.chain.empty()) return publish_one(target, target.post, checkpoints);
    Outcome first;
    std::string previous;
    for (std::size_t i = 0; i < target.chain.size(); ++i) {
        sdk::Post piece = target.chain[i];
        if (!previous.empty()) piece.reply_to = previous;
        Outcome outcome = publish_one(target, piece);
        if (i == 0) first = outcome;
        if (outcome.status != "published") {
            if (i > 0) {
                outcome.id = first.id;
                outcome.url = first.url;
                outcome.error = "post " + std::to_string(i + 1) + " of the thread failed (the first " + std::to_string(i) +
                                " are published): " + outcome.error;
            }
            return outcome;
        }
        previous = outcome.id;
    }
    first.would_send = Json::object().set("thread", static_cast<int>(target.chain.size()));
    return first;
}

void emit(const Target& target, const Outcome& outcome, const Json& extra) {
    Json line = Json::object();
    for (const auto& [name, value] : extra.members()) line.set(name, value);
    line.set("platform", target.platform);
    line.set("account", target.account.empty() ? Json() : Json(target.account));
    line.set("status", outcome.status);
    line.set("id", outcome.id.empty() ? Json() : Json(outcome.id));
    line.set("url", outcome.url.empty() ? Json() : Json(outcome.url));
    line.set("error", outcome.error.empty() ? Json() : Json(outcome.error));
    line.set("exit_code", outcome.exit_code);
    if (outcome.status == "dry-run") line.set("would_send", outcome.would_send);
    if (outcome.status == "published" && !target.chain.empty()) line.set("thread", static_cast<int>(target.chain.size()));
    output::emit_result(line.serialize());
}

// After an interrupted run: asks the platform whether the pending post was published.
Outcome reconcile(const Target& target, const state::JournalEntry& pending) {
    const Outcome unknown{"unknown", "", "",
                          "an earlier run with this key was interrupted while publishing here; it may or may not have "
                          "been published, so it is not sent again (check the account)",
                          AGORAS_ERR_GENERIC, {}};
    if (!target.chain.empty()) return unknown;  // a thread may be partly published
    std::string result, error;
    const sdk::RawPost raw(target.post);
    if (target.entry.plugin->reconcile(target.platform, target.values, *raw.get(), pending.checkpoint, result, error) !=
        AGORAS_OK) {
        Outcome outcome = unknown;
        if (!error.empty()) outcome.error += " (" + error + ")";
        return outcome;
    }
    const Json answer = Json::parse(result);
    if (!answer["published"].boolean()) return {"send", "", "", "", 0, {}};
    return {"already-published", answer["id"].text(), answer["url"].text(), "", 0, {}};
}

std::optional<state::JournalEntry> journal_get(const std::string& key, const std::string& target) {
    std::optional<state::JournalEntry> entry;
    services::check(services::backend().journal_get(key, target, entry));
    return entry;
}

void journal_put(const std::string& key, const std::string& target, const Outcome& outcome,
                 const std::string& checkpoint = "{}") {
    const bool published = outcome.status == "published" || outcome.status == "already-published";
    services::check(services::backend().journal_put(
        {key, target, published ? "published" : outcome.status == "pending" ? "pending" : "failed", outcome.id,
         outcome.url, outcome.error, 0, checkpoint}));
}

}  // namespace

int run_post_command(cli::CommandContext& context) {
    const plugins::ActionInfo declaration = post_declaration();
    const auto parsed = cli::parse_action_options(declaration, context.args);
    if (parsed.help) {
        std::cout << "Usage: agoras post --to P1,P2 [--text T | --text - | --text-file F] [--link L]\n"
                     "                   [--image URL|PATH [--alt-text A]]... [--video URL|PATH]\n"
                     "                   [--text-for PLATFORM=TEXT]... [--idempotency-key K] [--dry-run]\n\n"
                  << declaration.help << ". Every target checks the post before anything is sent.\n\n"
                  << cli::describe_action(declaration);
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
    PublishPlan plan;
    plan.post = base_post(parsed.values);
    plan.specs = split_commas(values_of(parsed.values, "to"));
    plan.texts_for = texts_for;
    plan.key = key;
    plan.dry_run = dry_run;
    plan.thread = thread;
    return publish_to_targets(context, plan);
}

bool published_everywhere(const std::string& key, const std::vector<std::string>& specs) {
    for (const auto& spec : specs) {
        const auto done = journal_get(key, spec);
        if (!done || done->status != "published") return false;
    }
    return true;
}

int publish_to_targets(cli::CommandContext& context, const PublishPlan& plan) {
    const bool dry_run = plan.dry_run, thread = plan.thread;
    const auto& key = plan.key;
    const auto& texts_for = plan.texts_for;
    const sdk::Post& post = plan.post;
    config::Config config = config::load();
    std::vector<std::string> specs;
    for (const auto& spec : plan.specs) {
        if (spec.front() != '@') {
            specs.push_back(spec);
            continue;
        }
        const auto group = config.groups.find(spec.substr(1));
        if (group == config.groups.end()) {
            throw usage_error("no group '" + spec.substr(1) + "' in " + config::config_file().string() +
                              " (agoras config set groups." + spec.substr(1) + " P1,P2)");
        }
        specs.insert(specs.end(), group->second.begin(), group->second.end());
    }
    std::vector<Target> targets;
    for (const auto& spec : specs) {
        bool seen = false;
        for (const auto& target : targets) seen = seen || target.spec == spec;
        if (!seen) targets.push_back(resolve(spec, context, post, texts_for, dry_run, config));  // a group may repeat one
    }
    if (targets.empty()) throw usage_error("--to names no target");

    // Every target checks the post first; one refusal and nothing is sent anywhere.
    std::vector<Outcome> outcomes(targets.size());
    std::string refusals;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        std::string adapted, error;
        const agoras_status status = check(targets[i], targets[i].post, adapted, error);
        if (status != AGORAS_OK && !(thread && plan_thread(targets[i]))) {
            refusals += "\n  " + targets[i].spec + ": " + (error.empty() ? "refused" : error);
        } else if (dry_run) {
            outcomes[i].status = "dry-run";
            if (targets[i].chain.empty()) {
                outcomes[i].would_send = adapted.empty() ? Json::object() : Json::parse(adapted);
            } else {
                Json pieces = Json::array();
                for (const auto& piece : targets[i].chain) pieces.push(piece.text);
                outcomes[i].would_send = Json::object().set("thread", std::move(pieces));
            }
        }
    }
    if (!refusals.empty()) throw usage_error("nothing was sent: not every target can take this post:" + refusals);
    if (dry_run) {
        for (std::size_t i = 0; i < targets.size(); ++i) emit(targets[i], outcomes[i], plan.extra);
        return 0;
    }

    // Targets already done under this key are not sent again; an interrupted one is not re-sent blindly.
    std::vector<std::size_t> to_send;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto done = key ? journal_get(*key, targets[i].spec) : std::nullopt;
        if (done && done->status == "published") {
            outcomes[i] = {"already-published", done->remote_id, done->url, "", 0, {}};
        } else if (done && done->status == "pending") {
            outcomes[i] = reconcile(targets[i], *done);
            if (outcomes[i].status == "send") {
                to_send.push_back(i);
            } else if (outcomes[i].status == "already-published") {
                journal_put(*key, targets[i].spec, outcomes[i]);
            }
        } else {
            to_send.push_back(i);
        }
    }
    for (const auto i : to_send) {
        if (key) journal_put(*key, targets[i].spec, {"pending", "", "", "", 0, {}});
    }
    const bool watching = isatty(STDERR_FILENO) != 0;
    std::vector<std::future<Outcome>> running;
    for (const auto i : to_send) {
        if (watching) std::cerr << "agoras: publishing to " << targets[i].spec << "...\n";
        // The plugin's checkpoints (how far it got) go into the journal as it goes.
        plugins::ResultSink checkpoints;
        if (key) {
            checkpoints = [key = *key, spec = targets[i].spec](const std::string& json) {
                journal_put(key, spec, {"pending", "", "", "", 0, {}}, json);
            };
        }
        running.push_back(std::async(std::launch::async, [&target = targets[i], checkpoints] {
            return publish(target, checkpoints);
        }));
    }
    for (std::size_t n = 0; n < to_send.size(); ++n) {
        const std::size_t i = to_send[n];
        outcomes[i] = running[n].get();
        if (key) journal_put(*key, targets[i].spec, outcomes[i]);
        if (watching) std::cerr << "agoras: " << targets[i].spec << ": " << outcomes[i].status << "\n";
    }

    int failed = 0, first_failure = 0;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        emit(targets[i], outcomes[i], plan.extra);
        if (plan.results != nullptr) plan.results->push_back({targets[i].spec, outcomes[i].status, outcomes[i].error});
        if (outcomes[i].exit_code != 0) {
            if (failed++ == 0) first_failure = outcomes[i].exit_code;
        }
    }
    if (failed == 0) return 0;
    return failed == static_cast<int>(targets.size()) ? first_failure : kPartialFailure;
}

}  // namespace agoras::host::commands
